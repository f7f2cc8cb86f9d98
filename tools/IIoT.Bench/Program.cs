Console.WriteLine("bench: not built yet");
