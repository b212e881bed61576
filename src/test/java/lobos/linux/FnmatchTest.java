package lobos.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * fnmatch(3) as modprobe uses it, each case checked against the host's glibc too
 * ({@link Glibc#fnmatch}), so the expectations are glibc's, not this code's.
 */
class FnmatchTest {
    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "pci:v00001AF4d*sv*sd*bc*sc*i*           | pci:v00001AF4d00001042sv00001AF4sd00001042bc01sc80i00 | true",
            "pci:v00001AF4d*sv*sd*bc*sc*i*           | pci:v00008086d00000D57sv00000000sd00000000bc06sc00i00 | false",
            "pci:v*d*sv*sd*bc0Csc03i30*              | pci:v00001B36d0000000Dsv00001AF4sd00001100bc0Csc03i30 | true",
            "virtio:d00000002v*                      | virtio:d00000002v00001AF4 | true",
            "virtio:d00000002v*                      | virtio:d00000001v00001AF4 | false",
            "usb:v*p*d*dc*dsc*dp*ic08isc06ip50in*    | usb:v46F4p0001d0000dc00dsc00dp00ic08isc06ip50in00 | true",
            "usb:v*p*d*dc*dsc*dp*ic08isc06ip62in*    | usb:v46F4p0001d0000dc00dsc00dp00ic08isc06ip50in00 | false",
            "usb:v13FDp3940d0[0-2]*dc*dsc*dp*ic*isc*ip*in* | usb:v13FDp3940d0100dc00dsc00dp00ic08isc06ip50in00 | true",
            "usb:v13FDp3940d0[0-2]*dc*dsc*dp*ic*isc*ip*in* | usb:v13FDp3940d0300dc00dsc00dp00ic08isc06ip50in00 | false",
            "usb:v0D96p5200d000[1-9]dc*              | usb:v0D96p5200d0000dc00 | false",
            "scsi:t-0x00*                            | scsi:t-0x00 | true",
            "a?c                                     | abc | true",
            "a?c                                     | ac | false",
            "*                                       | '' | true",
            "'*?'                                    | '' | false",
            "a*b*c                                   | a/x.b/yc | true",
            "[!0-9]x                                 | ax | true",
            "[!0-9]x                                 | 5x | false",
            "[^a]                                    | b | true",
            "[]a]                                    | ] | true",
            "[a-]                                    | - | true",
            "[[:digit:]]z                            | 7z | true",
            "[[:nope:]]                              | n | false",
            "[ab                                     | [ab | true",
            "[ab                                     | a | false",
            "a\\*                                    | a* | true",
            "a\\*                                    | ab | false",
            "ab\\                                    | ab | false",
            "ab\\                                    | 'ab\\' | false",
            "[\\]]                                   | ] | true",
            "[[.-.]]                                 | - | true",
            "[[=a=]b]                                | a | true",
            "*a*a*a*a*a*a*a*a*b                      | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | false",
    })
    void matchesAsGlibcDoes(String pattern, String string, boolean expected) {
        assertThat(Glibc.fnmatch(pattern, string)).as("glibc").isEqualTo(expected);
        assertThat(Fnmatch.matches(pattern, string)).isEqualTo(expected);
    }
}
