global using Engine.Kernels.Layout;
global using ILGPU;
global using ILGPU.Runtime;
