using Spectre.Console;

namespace Nashir.Cli;

/// <summary>
/// Where a verb writes: plain lines to <see cref="Out"/> and <see cref="Error"/>, tables and progress to
/// <see cref="Ansi"/>. From the shell these are the process's console; a test gives each verb writers of its own,
/// because the process-wide <see cref="Console"/> is shared by every host running in parallel.
/// </summary>
public sealed class Terminal(TextWriter output, TextWriter error, IAnsiConsole ansi)
{
    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;
    public IAnsiConsole Ansi { get; } = ansi;

    /// <summary>The process's own console, for the <c>nashir</c> executable.</summary>
    public static Terminal System() => new(Console.Out, Console.Error, AnsiConsole.Console);

    /// <summary>Everything a verb prints goes to <paramref name="output"/> (errors too, unless <paramref name="error"/> is given), without colours or live redraws.</summary>
    public static Terminal Writing(TextWriter output, TextWriter? error = null) => new(output, error ?? output, AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(output),
    }));
}
