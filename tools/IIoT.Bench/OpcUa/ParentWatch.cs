namespace IIoT.Bench.OpcUa;

/// <summary>
/// A child of `bench opcua` ends when its parent does: the parent holds the child's stdin open and never writes, so
/// end-of-file means the parent is gone (even after SIGKILL, when no cleanup code of the parent runs).
/// </summary>
internal static class ParentWatch
{
    public static void ExitWhenStdinCloses(CancellationTokenSource stop)
    {
        var thread = new Thread(() =>
        {
            try
            {
                while (Console.In.Read() >= 0)
                {
                }
            }
            catch (IOException)
            {
            }

            stop.Cancel();
            // Give a clean shutdown a moment, then go regardless.
            Thread.Sleep(3000);
            Environment.Exit(3);
        })
        {
            IsBackground = true,
            Name = "parent-watch",
        };
        thread.Start();
    }
}
