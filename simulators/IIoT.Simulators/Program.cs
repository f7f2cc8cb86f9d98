Console.WriteLine("simulators: not built yet");
