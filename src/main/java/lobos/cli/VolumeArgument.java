package lobos.cli;

import java.nio.file.Path;
import java.util.regex.Pattern;
import lobos.config.Volume;
import picocli.CommandLine;

/**
 * {@code DIR[,uuid=U][,label=L][,device=D]}: a directory treated as a mounted file system, with
 * the identity that file system has (what blkid prints). The identity is read from the end, so a
 * directory whose name contains a comma still works as long as what follows the comma is not
 * {@code uuid=}, {@code label=} or {@code device=}.
 */
final class VolumeArgument {
    private static final Pattern TAIL = Pattern.compile(",(uuid|label|device)=([^,]*)$");

    private VolumeArgument() {}

    static Volume parse(String arg, CommandLine cl) {
        String rest = arg;
        String uuid = null;
        String label = null;
        String device = null;
        for (var m = TAIL.matcher(rest); m.find(); m = TAIL.matcher(rest)) {
            String value = m.group(2);
            if (value.isEmpty()) throw new CommandLine.ParameterException(cl, arg + ": " + m.group(1) + "= needs a value");
            switch (m.group(1)) {
                case "uuid" -> uuid = uuid == null ? value : uuid;
                case "label" -> label = label == null ? value : label;
                default -> device = device == null ? value : device;
            }
            rest = rest.substring(0, m.start());
        }
        if (rest.isEmpty()) throw new CommandLine.ParameterException(cl, arg + ": no directory before the identity");
        return new Volume(Path.of(rest).toAbsolutePath().normalize(), device, uuid, label);
    }
}
