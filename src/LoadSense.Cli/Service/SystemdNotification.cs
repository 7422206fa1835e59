using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace LoadSense.Cli.Service;

/// <summary>
/// systemd's readiness protocol for <c>loadsense run</c> under <c>Type=notify</c>: READY=1 once
/// every session has started, STOPPING=1 when a stop begins, and SIGTERM handled as a clean stop.
/// </summary>
internal static class SystemdNotification
{
    /// <summary>
    /// Uses systemd's host lifetime whenever the service manager handed us a notification socket.
    /// <c>AddSystemd()</c> would only do so when the parent process is named systemd, which is
    /// not true under <c>systemd-run --scope</c>, in containers or in the tests; the socket itself
    /// is the contract (sd_notify(3)).
    /// </summary>
    public static IServiceCollection AddSystemdNotifyWhenRequested(this IServiceCollection services)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NOTIFY_SOCKET")))
        {
            return services;
        }

        services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
        services.AddSingleton<IHostLifetime, SystemdLifetime>();
        return services;
    }
}
