package lobos.config.bls;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import lobos.config.Source;
import lobos.config.Volume;

/**
 * Any text as Boot Loader Spec entries and loader.conf, sorted and made into a menu: nothing may
 * be thrown (the parser reports problems as warnings) and nothing may hang (the version
 * comparison and the glob are linear or bounded).
 */
class BlsFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void entriesAndLoaderConf(FuzzedDataProvider data) {
        var entries = new ArrayList<BlsEntry>();
        int n = data.consumeInt(1, 4);
        for (int i = 0; i < n; i++) {
            String name = data.consumeString(40) + ".conf";
            entries.add(BlsEntryParser.parse(name, data.consumeString(2000), "/loader/entries/" + name));
        }
        LoaderConf conf = LoaderConf.parse(data.consumeString(300), "/loader/loader.conf");
        VersionOrder.compareVersions(data.consumeString(60), data.consumeRemainingAsString());
        entries.sort(BlsOrder.INSTANCE);
        new BlsFormat("x64").menu(new Volume(java.nio.file.Path.of("/nonexistent"), "sda1", null, null), entries, conf,
                new Source("/loader/entries", 0), new ArrayList<>());
        for (BlsEntry e : entries) conf.matches(e.id());
    }

    @FuzzTest(maxDuration = "30s")
    void versionOrderIsAnOrder(FuzzedDataProvider data) {
        List<String> v = List.of(data.consumeString(30), data.consumeString(30), data.consumeRemainingAsString());
        int ab = Integer.signum(VersionOrder.compareVersions(v.get(0), v.get(1)));
        int ba = Integer.signum(VersionOrder.compareVersions(v.get(1), v.get(0)));
        if (ab != -ba) throw new AssertionError("not antisymmetric: " + v);
        int bc = Integer.signum(VersionOrder.compareVersions(v.get(1), v.get(2)));
        int ac = Integer.signum(VersionOrder.compareVersions(v.get(0), v.get(2)));
        if (ab <= 0 && bc <= 0 && ac > 0) throw new AssertionError("not transitive: " + v);
    }
}
