package lobos.server;

import java.util.List;

/**
 * What a node boots, named in the node file: a kernel with initrds and a command line, the
 * node's own disks ({@code local}), or the loader's menu without a default ({@code menu}).
 */
public sealed interface Profile {
    String name();

    /**
     * A kernel to boot at once. Paths are relative to the server's {@code files} directory (served
     * at /files/) or URLs; the command line may use ${mac}, ${ip}, ${hostname} and ${uuid}.
     */
    record Kernel(String name, String kernel, List<String> initrds, String cmdline) implements Profile {
        public Kernel {
            initrds = List.copyOf(initrds);
        }
    }

    /** Boot from the node's own disks: the loader shows and boots what it finds there. */
    record Local(String name) implements Profile {}

    /** Stay at the loader's menu, which lists these kernel profiles (all of them when empty). */
    record Menu(String name, List<String> entries) implements Profile {
        public Menu {
            entries = List.copyOf(entries);
        }
    }
}
