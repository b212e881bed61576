package lobos.cli;

import java.util.concurrent.Callable;
import lobos.netboot.NetworkTasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lobos net}: interfaces, addresses and routes, read from sysfs and rtnetlink; changes nothing. */
@Command(name = "net", mixinStandardHelpOptions = true,
        description = {"Show the network interfaces (MAC, driver, carrier, speed), their addresses and the routes.",
            "Read-only: sysfs and rtnetlink dumps."})
public final class NetCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        NetworkTasks.net(json, spec.commandLine().getOut());
        return Main.OK;
    }
}
