using System.CommandLine;
using Engine.Envs;
using Engine.Envs.MuJoCo;
using Engine.Envs.MuJoCo.Data;
using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Cli.Locomotion;

/// <summary>`engine locomotion render`: a rollout drawn as a stick-figure chronophotograph PNG.</summary>
internal static class LocomotionRenderCommand
{
    public static Command Create()
    {
        var env = new Option<string>("--env") { Description = "hopper, halfcheetah or walker2d", Required = true };
        var output = new Option<string>("--out") { Description = "output PNG file", Required = true };
        var steps = new Option<int>("--steps") { Description = "environment steps to simulate", DefaultValueFactory = _ => 200 };
        var every = new Option<int>("--every") { Description = "draw every n-th frame", DefaultValueFactory = _ => 10 };
        var iterations = new Option<int>("--train-iterations") { Description = "ARS iterations before rendering (0 = random actions)", DefaultValueFactory = _ => 0 };
        var seed = new Option<ulong>("--seed") { Description = "random seed", DefaultValueFactory = _ => 0 };
        var command = new Command("render", "Simulate a rollout and draw it as a stick-figure PNG.") { env, output, steps, every, iterations, seed };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var task = LocomotionTask.Parse(parse.GetValue(env)!, "--env");
            var n = parse.GetValue(steps);
            var k = parse.GetValue(every);
            var trainIterations = parse.GetValue(iterations);
            if (n < 1) throw InputException.InvalidValue("--steps", n, "must be 1 or more");
            if (k < 1) throw InputException.InvalidValue("--every", k, "must be 1 or more");
            if (trainIterations < 0) throw InputException.InvalidValue("--train-iterations", trainIterations, "must not be negative");
            var path = CliPaths.OutputFile("--out", parse.GetValue(output)!);
            MuJoCoRuntime.EnsureLoaded();
            var s = parse.GetValue(seed);
            Func<double[], double[]> policy;
            if (trainIterations > 0)
            {
                using var trainer = new ArsTrainer(task, ArsSettings.For(task.Kind), s);
                for (var i = 0; i < trainIterations; i++) trainer.Step();
                var linear = trainer.Policy;
                policy = obs =>
                {
                    var a = new double[linear.ActionDim];
                    linear.Act(obs, a);
                    return a;
                };
            }
            else
            {
                var rng = new Rng(Rng.Derive(s, 0xA));
                policy = obs => Enumerable.Range(0, task == LocomotionTask.Hopper ? 3 : 6).Select(_ => rng.Uniform(-1, 1)).ToArray();
            }
            using var environment = new LocomotionEnv(task);
            var frames = RolloutRenderer.Record(environment, s, n, k, policy);
            RolloutRenderer.Draw(frames, title: $"{task.Name}: {frames.Count} frames").SavePng(path);
            Console.WriteLine($"wrote {path}");
            return 0;
        }));
        return command;
    }
}
