// Command line for the ECS + EC2 test double:
//   dotnet EcsDiscoverer.Emulator.dll (--scenario PATH | --generate SPEC) [--port N] [--rate-limit R [--burst B] | --aws-limits]
//       [--latency 20ms] [--exit-on-stdin-eof]
//   dotnet EcsDiscoverer.Emulator.dll generate --clusters N --tasks N ... --output FILE
// Serving, it prints one line on stdout once it is listening, so a parent process can read the port.
using EcsDiscoverer.Emulator;

return args is ["generate", ..]
    ? await GenerateCommand.RunAsync(args[1..]).ConfigureAwait(false)
    : await ServeCommand.RunAsync(args).ConfigureAwait(false);
