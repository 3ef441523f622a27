namespace EcsDiscoverer.Emulator;

/// <summary>The kinds of task a <see cref="ScenarioGenerator"/> scenario mixes; each has its own task definition families.</summary>
public enum GeneratedTaskKind
{
    /// <summary>EC2 launch type, bridge network mode, a dynamic host port: the address is the EC2 instance's.</summary>
    Bridge,

    /// <summary>EC2 launch type, host network mode: the container port on the EC2 instance's address.</summary>
    Host,

    /// <summary>FARGATE launch type, awsvpc network mode: the address comes from the task's ENI attachment.</summary>
    Fargate,
}
