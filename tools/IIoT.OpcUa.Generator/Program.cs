Console.WriteLine("generator: not built yet");
