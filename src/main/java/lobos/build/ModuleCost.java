package lobos.build;

import java.util.List;

/**
 * What one module the config asks for adds to the image: the module and the ones it needs that
 * no module before it in the report brought along.
 *
 * @param name    the module asked for
 * @param reason  {@code listed} (modules =, loaded at boot), {@code auto} (modules = auto, loaded
 *                by modalias) or {@code on demand} (on-demand-modules =)
 * @param brings  the modules it needs that come with it, in load order, itself not included
 * @param bytes   their size in the image, uncompressed
 * @param xzBytes their size xz-compressed, each module alone (packed together in the image's
 *                xz stream they take a little less)
 */
public record ModuleCost(String name, String reason, List<String> brings, long bytes, long xzBytes) {
    public ModuleCost {
        brings = List.copyOf(brings);
    }
}
