using Nashir.Fuzz;

namespace Nashir.Tests.Fuzz;

/// <summary>
/// Every seed and every kept crash of each fuzzing target (tests/Nashir.Fuzz; the fuzzer writes a crash to
/// Regressions/TARGET/) is answered without a crash, forever after.
/// </summary>
public sealed class FuzzRegressionTests
{
    [Theory]
    [InlineData("wire-rss")]
    [InlineData("wire-atom")]
    [InlineData("wire-ninjs")]
    [InlineData("comment-form")]
    [InlineData("comment-post")]
    public void Seeds_and_kept_crashes_are_answered_without_a_crash(string name)
    {
        using var targets = new FuzzTargets();
        var target = targets[name];
        var inputs = target.Seeds().Select((input, i) => ($"seed {i}", input))
            .Concat(FuzzTargets.Regressions(name).Select(file => (Path.GetFileName(file), File.ReadAllBytes(file))))
            .ToList();

        Assert.NotEmpty(inputs);
        foreach (var (label, input) in inputs)
        {
            var crash = Record.Exception(() => target.Run(input));
            Assert.True(crash is null, $"{name}, {label}: {crash}");
        }
    }

    [Fact]
    public void Every_target_is_replayed_here()
    {
        using var targets = new FuzzTargets();

        Assert.Equal(["comment-form", "comment-post", "wire-atom", "wire-ninjs", "wire-rss"], targets.All.Select(t => t.Name).Order(StringComparer.Ordinal));
    }
}
