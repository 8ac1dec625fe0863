using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using SharpFuzz;

namespace Nashir.Fuzz;

/// <summary>
/// nashir-fuzz run [TARGET|all] [--seconds N] [--count N] [--seed N]   in-process: seeds, kept crashes, then mutations (N s in all)
/// nashir-fuzz afl TARGET | libfuzzer TARGET                           under AFL++ or libFuzzer (instrumented, see README)
/// nashir-fuzz replay TARGET FILE                                      one input, with the exception it raises
/// nashir-fuzz list
/// </summary>
public static class FuzzProgram
{
    public static int Main(string[] args)
    {
        var verb = args.FirstOrDefault() ?? "list";
        var replayed = verb == "replay" && args.Length > 2 ? Path.GetFullPath(args[2]) : null;
        // The test host finds the site's content root through a manifest it looks for in the current folder (dotnet run starts
        // in the project folder).
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        using var targets = new FuzzTargets();
        switch (verb)
        {
            case "list":
                foreach (var t in targets.All)
                    Console.WriteLine($"{t.Name,-14} {t.What}");
                return 0;
            case "afl":
                var aflTarget = targets[args[1]];
                Fuzzer.Run(stream =>
                {
                    using var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    aflTarget.Run(buffer.ToArray());
                });
                return 0;
            case "libfuzzer":
                var libTarget = targets[args[1]];
                Fuzzer.LibFuzzer.Run(span => libTarget.Run(span.ToArray()));
                return 0;
            case "replay":
                try
                {
                    targets[args[1]].Run(File.ReadAllBytes(replayed!));
                    Console.WriteLine("no crash");
                    return 0;
                }
                catch (Exception e)
                {
                    Console.WriteLine(e);
                    return 1;
                }
            case "run":
                return Run(targets, args.Skip(1).ToArray());
            default:
                Console.Error.WriteLine($"unknown verb '{verb}': run, afl, libfuzzer, replay, list");
                return 2;
        }
    }

    private static int Run(FuzzTargets targets, string[] args)
    {
        var name = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
        // The whole run's time, start-up, seeds and kept crashes included; those always run, the mutations get what is left,
        // shared among the targets still to come.
        var seconds = Option(args, "--seconds", 40);
        var count = Option(args, "--count", 100_000);
        var seed = Option(args, "--seed", 1);
        var chosen = name == "all" ? targets.All : [targets[name]];
        using var self = Process.GetCurrentProcess();
        var deadline = self.StartTime.ToUniversalTime() + TimeSpan.FromSeconds(seconds);
        var crashes = 0;
        for (var t = 0; t < chosen.Count; t++)
        {
            var target = chosen[t];
            var corpus = target.Seeds();
            var kept = FuzzTargets.Regressions(target.Name);
            // Seeds and kept crashes first (which also starts what the target needs): a crash that came back is the first
            // thing to know.
            foreach (var input in corpus.Concat(kept.Select(File.ReadAllBytes)))
                crashes += Try(target, input, keep: false) ? 0 : 1;
            var budget = (deadline - DateTime.UtcNow) / (chosen.Count - t);
            var clock = Stopwatch.StartNew();
            var mutator = new Mutator(corpus, seed);
            var runs = 0;
            while (runs < count && clock.Elapsed < budget && crashes < 10)
            {
                runs++;
                crashes += Try(target, mutator.Next(), keep: true) ? 0 : 1;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{target.Name}: {corpus.Count} seeds, {kept.Count} kept crashes, {runs} mutated inputs in {clock.Elapsed.TotalSeconds:0.0} s"));
        }
        Console.WriteLine(crashes == 0 ? "fuzzing: no crash" : $"fuzzing: {crashes} crash(es), kept in tests/Nashir.Fuzz/Regressions");
        return crashes == 0 ? 0 : 1;
    }

    private static bool Try(FuzzTarget target, byte[] input, bool keep)
    {
        try
        {
            target.Run(input);
            return true;
        }
        catch (Exception e)
        {
            var file = Path.Combine(FuzzTargets.RegressionFolder(target.Name), Convert.ToHexStringLower(SHA256.HashData(input))[..16] + ".bin");
            if (keep)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllBytes(file, input);
            }
            Console.WriteLine($"CRASH {target.Name}: {e.GetType().FullName}: {e.Message}");
            Console.WriteLine(string.Join('\n', (e.StackTrace ?? "").Split('\n').Take(8)));
            Console.WriteLine($"  input {(keep ? "kept as " + file : "(a seed or kept crash)")}: {FuzzTargets.Show(input)}");
            return false;
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
