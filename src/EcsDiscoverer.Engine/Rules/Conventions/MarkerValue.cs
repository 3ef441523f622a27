namespace EcsDiscoverer.Engine.Rules.Conventions;

/// <summary>Which values of a convention's marker key mark a container.</summary>
public enum MarkerValue
{
    /// <summary>Any value but <c>false</c>, <c>0</c>, <c>no</c>, <c>off</c> (R3).</summary>
    AnyButOff,

    /// <summary><c>true</c> only, in any case and with surrounding blanks (PromED 3.x, <c>prometheus.io/scrape</c>).</summary>
    True,

    /// <summary>The marker is the port key: present at all, it marks the container and gives its port (R13).</summary>
    Port,
}
