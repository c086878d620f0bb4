global using Engine.Envs;
global using Engine.NN;
