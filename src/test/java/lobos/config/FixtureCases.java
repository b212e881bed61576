package lobos.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Golden-file cases for config formats: a directory per case with {@code case.properties} and
 * {@code expected.txt}. Properties name the file to read and describe volumes: for a volume
 * NAME, {@code NAME.dir} (default NAME, relative to the case), {@code NAME.device},
 * {@code NAME.uuid}, {@code NAME.label}; {@code volume} names the one the file is on (default
 * "volume").
 */
public final class FixtureCases {
    private FixtureCases() {}

    /** The case directories' names under {@code fixtures}, sorted. */
    public static Stream<String> names(Path fixtures) throws IOException {
        try (Stream<Path> dirs = Files.list(fixtures)) {
            return dirs.filter(d -> Files.exists(d.resolve("case.properties"))).map(d -> d.getFileName().toString())
                    .sorted().toList().stream();
        }
    }

    public static Properties properties(Path dir) throws IOException {
        var props = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve("case.properties"))) {
            props.load(r);
        }
        return props;
    }

    public static Volume volume(Path dir, Properties props, String name) {
        return new Volume(dir.resolve(props.getProperty(name + ".dir", name)).normalize(),
                props.getProperty(name + ".device"), props.getProperty(name + ".uuid"),
                props.getProperty(name + ".label"));
    }

    /** The volume the config is on. */
    public static Volume main(Path dir, Properties props) {
        return volume(dir, props, props.getProperty("volume", "volume"));
    }

    /** The volumes listed in {@code others} (comma-separated names). */
    public static List<Volume> others(Path dir, Properties props) {
        return Stream.of(props.getProperty("others", "").split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(name -> volume(dir, props, name)).toList();
    }

    public static String expected(Path dir) throws IOException {
        return Files.readString(dir.resolve("expected.txt"));
    }
}
