package lobos.cli;

import lobos.Json;
import com.code_intelligence.jazzer.junit.FuzzTest;
import lobos.image.ImageFormatException;
import lobos.image.KernelImage;

/** identify + both renderings of {@code lobos inspect}: only ImageFormatException may escape. */
class InspectCommandFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void inspect(byte[] data) {
        KernelImage image;
        try {
            image = KernelImage.identify(data);
        } catch (ImageFormatException expected) {
            return;
        }
        InspectCommand.text(image);
        Json.write(InspectCommand.jsonTree(image));
    }
}
