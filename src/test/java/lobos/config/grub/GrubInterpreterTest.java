package lobos.config.grub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.Volume;
import lobos.config.Warning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GRUB's script semantics, one feature at a time. Expected values follow GRUB's own behaviour
 * (grub-core/script/execute.c, commands/test.c, normal/menu.c, normal/context.c), not
 * what lobos happens to print.
 */
class GrubInterpreterTest {
    @TempDir
    Path dir;

    private Menu read(String config, Volume... others) throws IOException {
        Path file = dir.resolve("boot/grub/grub.cfg");
        Files.createDirectories(file.getParent());
        Files.writeString(file, config);
        return new GrubFormat(GrubPlatform.EFI_X86_64).read(new Volume(dir, "sda1", "1111-AAAA", null),
                "boot/grub/grub.cfg", List.of(others));
    }

    private static String cmdline(Menu m, int i) {
        return m.entries().get(i).cmdline();
    }

    private static List<String> warnings(Menu m) {
        return m.warnings().stream().map(Warning::message).toList();
    }

    private Volume volume(String name, String device, String uuid, String label) throws IOException {
        Path root = dir.resolve(name);
        Files.createDirectories(root);
        return new Volume(root, device, uuid, label);
    }

    @Test
    void unquotedValuesAreSplitQuotedOnesAreNotAndEmptyQuotesStay() throws IOException {
        Menu m = read("""
                set a="x  y"
                set e=
                menuentry T { linux /k $a "$a" x$e"" "$e" $e z$a }
                """);
        assertThat(cmdline(m, 0)).isEqualTo("x y \"x  y\" x  zx y");
    }

    @Test
    void positionalParametersInFunctionsAndEntries() throws IOException {
        Menu m = read("""
                function f { linux /k $1 $# "$@" $* $3; }
                menuentry T { f a "b c" }
                menuentry 'Title' extra { linux /k $1 $2 $# }
                """);
        assertThat(cmdline(m, 0)).isEqualTo("a 2 a \"b c\" a b c");
        assertThat(cmdline(m, 1)).isEqualTo("Title extra 2");
    }

    @Test
    void bodiesRunLaterOnACopyOfTheFinalVariables() throws IOException {
        Menu m = read("""
                menuentry A { set mine=1; linux /k late=$late mine=$mine }
                menuentry B { linux /k mine=$mine }
                set late=yes
                """);
        assertThat(cmdline(m, 0)).isEqualTo("late=yes mine=1");
        assertThat(cmdline(m, 1)).isEqualTo("mine=");
    }

    @Test
    void submenusSeeOnlyExportedVariables() throws IOException {
        Menu m = read("""
                set a=1
                set b=2
                export b
                submenu S { menuentry E { linux /k a=$a b=$b } }
                menuentry T { linux /k a=$a b=$b }
                """);
        assertThat(m.entries()).extracting(BootEntry::cmdline).containsExactly("a= b=2", "a=1 b=2");
    }

    @Test
    void loopsWithBreakAndContinue() throws IOException {
        Menu m = read("""
                for i in 1 2 3 4 5; do
                  if [ $i = 2 ]; then continue; fi
                  if [ $i = 4 ]; then break; fi
                  s="$s$i"
                done
                for i in a b; do for j in 1 2; do t="$t$i$j"; break 2; done; done
                n=0
                while [ $n -lt 3 ]; do
                  regexp --set=d '([0-9])' $n
                  if [ $n = 0 ]; then n=1; elif [ $n = 1 ]; then n=2; else n=3; fi
                done
                until [ $n = 0 ]; do n=0; done
                menuentry T { linux /k $s $t $n }
                """);
        assertThat(cmdline(m, 0)).isEqualTo("13 a1 0");
        assertThat(m.warnings()).isEmpty();
    }

    @Test
    void functionsReturnStatusesAndShift() throws IOException {
        Menu m = read("""
                function no { return 3; }
                function count { shift; shift 1; r="$# $1"; }
                if no; then a=yes; else a=no; fi
                no
                s=$?
                count a b c d
                if ! no; then b=inverted; fi
                setparams x y
                menuentry T { linux /k $a $s $r $b }
                """);
        assertThat(cmdline(m, 0)).isEqualTo("no 3 2 c inverted"); // $r is unquoted: split
    }

    @Test
    void evalAndRegexp() throws IOException {
        Menu m = read("""
                eval "set z=1;" set w=2
                regexp --set=1:dir --set=2:name '^(.*)/([^/]*)$' /boot/vmlinuz-6.1
                regexp --set v 'x(' y
                menuentry T { linux /k $z $w $dir $name }
                """);
        assertThat(cmdline(m, 0)).isEqualTo("1 2 /boot vmlinuz-6.1");
        assertThat(warnings(m)).singleElement().asString().startsWith("regexp: invalid pattern");
    }

    @Test
    void searchSetsDeviceNamesFromTheVolumesItKnows() throws IOException {
        Volume esp = volume("esp", "nvme0n1p1", "ABCD-0001", "ESP");
        Volume data = volume("data", null, "2222-BBBB", null);
        Files.createDirectories(dir.resolve("data/marker"));
        Menu m = read("""
                search --fs-uuid --set=a abcd-0001
                search -l ESP -s b
                search.file /marker c
                search.fs_label ESP d
                search --fs-uuid --set 9999-ZZZZ
                e=$root
                if search --file /nowhere --set=f; then f=found; else f=kept; fi
                search --no-floppy --fs-uuid --set=root --hint-bios=hd0,gpt2 --hint-efi=hd0,gpt2 1111-aaaa
                search --label --set=g NOPE
                search --set=h 1
                menuentry T { linux /k $a $b $c $d $e $f $root $g }
                """, esp, data);
        assertThat(cmdline(m, 0)).isEqualTo("nvme0n1p1 nvme0n1p1 UUID=2222-BBBB nvme0n1p1 UUID=9999-ZZZZ kept sda1"
                + " LABEL=NOPE");
        assertThat(warnings(m)).containsExactly("search: say what to search (--fs-uuid, --label or --file)");
    }

    @Test
    void kernelPathsKeepTheirDeviceWhenItIsNotTheEntrysRoot() throws IOException {
        Volume boot = volume("boot", "sda2", null, null);
        Menu m = read("""
                menuentry T {
                  linux (sda2)/vmlinuz root=/dev/sda3
                  initrd (sda2)/ucode.img (sda9)/initrd.img /other.img
                }
                """, boot);
        BootEntry e = m.entries().getFirst();
        assertThat(e.kernel()).isEqualTo("/vmlinuz");
        assertThat(e.initrds()).containsExactly("/ucode.img", "(sda9)/initrd.img", "(sda1)/other.img");
        assertThat(e.context().root()).isEqualTo("sda2");
        assertThat(e.context().device()).isEqualTo("sda1");
    }

    @Test
    void loadEnvReadsWhitelistedVariablesFromAnyFile() throws IOException {
        Files.createDirectories(dir.resolve("env"));
        Files.writeString(dir.resolve("env/my.env"), GrubEnvBlock.SIGNATURE + "a=1\nb=2\nc=multi\\\nline\n"
                + "#".repeat(100));
        Files.writeString(dir.resolve("env/bad.env"), "not an env block\na=9\n");
        Menu m = read("""
                load_env -f /env/my.env a c
                load_env --file=(sda1)/env/bad.env
                menuentry T { linux /k a=$a b=$b "c=$c" }
                """);
        assertThat(cmdline(m, 0)).isEqualTo("a=1 b= c=multi\nline"); // GRUB quotes only arguments with spaces
        assertThat(warnings(m)).singleElement().asString().startsWith("load_env: not a GRUB environment block");
    }

    @Test
    void defaultByIndexTitleIdAndSubmenuPath() throws IOException {
        String menu = """
                menuentry First --id first { linux /1 }
                submenu Sub --id sub {
                  menuentry 'Inner a' --id in-a { linux /2 }
                  menuentry 'Inner>b' --id in-b { linux /3 }
                }
                menuentry Last { linux /4 }
                """;
        assertThat(read("set default=2\n" + menu).defaultId()).isEqualTo("Last");
        assertThat(read("set default=Last\n" + menu).defaultId()).isEqualTo("Last");
        assertThat(read("set default=first\n" + menu).defaultId()).isEqualTo("first");
        assertThat(read("set default='sub>in-b'\n" + menu).defaultId()).isEqualTo("in-b");
        assertThat(read("set default='Sub>Inner>>b'\n" + menu).defaultId()).isEqualTo("in-b");
        assertThat(read("set default='1>0'\n" + menu).defaultId()).isEqualTo("in-a");
        assertThat(read("set default=sub\n" + menu).defaultId()).isEqualTo("in-a");
        Menu sub = (Menu) read("set default='sub>in-b'\n" + menu).items().get(1);
        assertThat(sub.defaultId()).isEqualTo("in-b");
        Menu none = read("set default=nothing\n" + menu);
        assertThat(none.defaultId()).isNull();
        assertThat(warnings(none)).containsExactly("default 'nothing' names no menu entry: the first entry is used");
        assertThat(read(menu).defaultId()).isNull();
    }

    @Test
    void timeoutAndItsStyles() throws IOException {
        String entry = "menuentry T { linux /k }\n";
        assertThat(read("set timeout_style=hidden\nset timeout=3\n" + entry).timeout())
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(read("set timeout_style=countdown\nset timeout=0\n" + entry).timeout()).isEqualTo(Duration.ZERO);
        assertThat(read("set timeout=-1\n" + entry).timeout()).isNull();
        assertThat(read("set timeout=0x10\n" + entry).timeout()).isEqualTo(Duration.ofSeconds(16));
        assertThat(read(entry).timeout()).isNull();
    }

    @Test
    void configfileInsideAnEntryBecomesASubmenu() throws IOException {
        Path snapshot = dir.resolve("@/.snapshots/42/snapshot/boot/grub2");
        Files.createDirectories(snapshot);
        Files.writeString(snapshot.resolve("grub.cfg"), """
                set timeout=4
                menuentry 'Old kernel' { linux /boot/vmlinuz-old root=/dev/sda1 ${extra_cmdline} }
                """);
        Menu m = read("""
                menuentry 'Snapshot 42' {
                  btrfs_subvol="/@/.snapshots/42/snapshot"
                  extra_cmdline="rootflags=subvol=@/.snapshots/42/snapshot"
                  export extra_cmdline
                  configfile /boot/grub2/grub.cfg
                }
                """);
        assertThat(m.items()).singleElement().isInstanceOfSatisfying(Menu.class, sub -> {
            assertThat(sub.title()).isEqualTo("Snapshot 42");
            assertThat(sub.timeout()).isEqualTo(Duration.ofSeconds(4));
            assertThat(sub.entries()).singleElement().satisfies(e -> {
                assertThat(e.cmdline()).isEqualTo("root=/dev/sda1 rootflags=subvol=@/.snapshots/42/snapshot");
                assertThat(e.source().file()).isEqualTo("/boot/grub2/grub.cfg");
            });
        });
    }

    @Test
    void sourceSharesVariablesAndEntries() throws IOException {
        Files.createDirectories(dir.resolve("boot/grub"));
        Files.writeString(dir.resolve("boot/grub/extra.cfg"), """
                shared=from-extra
                cf=$config_file
                menuentry Extra { linux /extra $cf }
                """);
        Menu m = read("""
                main=$config_file
                source $prefix/extra.cfg
                . /boot/grub/extra.cfg
                after=$config_file
                menuentry Main { linux /main $shared $main $after $config_file }
                """);
        assertThat(m.entries()).extracting(BootEntry::title).containsExactly("Extra", "Extra", "Main");
        assertThat(m.entries()).extracting(BootEntry::id).containsExactly("Extra", "Extra#2", "Main");
        assertThat(cmdline(m, 0)).isEqualTo("(sda1)/boot/grub/extra.cfg");
        // config_file names the file being read, and is unset again when reading ends (as in GRUB)
        assertThat(cmdline(m, 2)).isEqualTo("from-extra (sda1)/boot/grub/grub.cfg (sda1)/boot/grub/grub.cfg");
    }

    @Test
    void otherWaysToMakeEntries() throws IOException {
        Volume v = volume("v", "sdb1", "3333-CCCC", "DATA");
        Menu m = read("""
                menuentry --source='linux /from-source quiet' 'From source'
                probe --set=u --fs-uuid (sdb1)
                probe -s l -l sdb1
                c=41
                increment c
                linux /direct $u $l $c
                initrd /direct.img
                boot
                multiboot2 /ignored
                """, v);
        assertThat(m.entries()).extracting(BootEntry::title).containsExactly("From source", "boot /direct");
        assertThat(cmdline(m, 0)).isEqualTo("quiet");
        assertThat(m.entries().get(1).cmdline()).isEqualTo("3333-CCCC DATA 42");
        assertThat(m.entries().get(1).initrds()).containsExactly("/direct.img");
    }

    @Test
    void aMalformedDeviceCostsOnlyItsCommand() throws IOException {
        Menu m = read("""
                menuentry T {
                  linux (hd0,gpt2/vmlinuz
                  linux /vmlinuz ok
                }
                """);
        assertThat(cmdline(m, 0)).isEqualTo("ok");
        assertThat(m.entries().getFirst().warnings()).singleElement().asString().contains("missing ')'");
    }

    @Test
    void filesOutsideTheVolumeAreNotRead() throws IOException {
        Path outside = dir.resolveSibling(dir.getFileName() + "-outside.cfg");
        Files.writeString(outside, "menuentry Outside { linux /x }\n");
        Files.createDirectories(dir.resolve("boot/grub"));
        Files.createSymbolicLink(dir.resolve("boot/grub/link.cfg"), outside);
        try {
            Menu m = read("""
                    source /../../outside.cfg
                    source /boot/grub/link.cfg
                    if [ -f /boot/grub/link.cfg ]; then menuentry Seen { linux /y }; fi
                    """);
            assertThat(m.entries()).isEmpty();
            assertThat(warnings(m)).hasSize(2).allSatisfy(w -> assertThat(w).endsWith("not found"));
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void blscfgWithEarlyInitrdDefaultOptionsAndDevicetree() throws IOException {
        Path entries = dir.resolve("boot/loader/entries");
        Files.createDirectories(entries);
        Files.writeString(entries.resolve("m-6.1.conf"), """
                title Linux 6.1
                version 6.1
                linux /m/6.1/linux
                initrd /m/6.1/initrd
                """);
        Files.writeString(entries.resolve("m-6.2.conf"), """
                title Linux 6.2
                version 6.2
                linux m/6.2/linux
                options root=/dev/vda1 $extra ${more} \\$literal
                devicetree m/6.2/board.dtb
                """);
        Files.writeString(entries.resolve("broken.conf"), "title No kernel\n");
        Menu m = read("""
                set default_kernelopts="root=/dev/vda1 ro"
                set early_initrd="intel-ucode.img"
                set extra=e1
                set devicetree=generic.dtb
                blscfg
                """);
        assertThat(m.entries()).extracting(BootEntry::id).containsExactly("m-6.2", "m-6.1");
        BootEntry first = m.entries().getFirst();
        assertThat(first.kernel()).isEqualTo("/m/6.2/linux");
        assertThat(first.cmdline()).isEqualTo("root=/dev/vda1 e1 $literal");
        assertThat(first.initrds()).containsExactly("/m/6.2/intel-ucode.img");
        assertThat(first.devicetree()).isEqualTo("/m/6.2/board.dtb");
        BootEntry second = m.entries().get(1);
        assertThat(second.cmdline()).isEqualTo("root=/dev/vda1 ro");
        assertThat(second.initrds()).containsExactly("/m/6.1/intel-ucode.img", "/m/6.1/initrd");
        assertThat(second.devicetree()).isEqualTo("/m/6.1/generic.dtb");
        assertThat(warnings(m)).containsExactly("no 'linux' key: blscfg skips this entry");
    }

    @Test
    void blsdirAndAMissingDirectory() throws IOException {
        Files.createDirectories(dir.resolve("custom"));
        Files.writeString(dir.resolve("custom/a.conf"), "title A\nlinux /a\n");
        assertThat(read("set blsdir=/custom\nblscfg\n").entries()).extracting(BootEntry::title).containsExactly("A");
        assertThat(warnings(read("blscfg\n"))).singleElement().asString().startsWith("blscfg: no Boot Loader Spec");
    }

    @Test
    void aConfigThatCannotBeReadIsAConfigException() throws IOException {
        var format = new GrubFormat(GrubPlatform.EFI_X86_64);
        assertThatThrownBy(() -> format.read(Volume.of(dir), "boot/grub/grub.cfg", List.of()))
                .isInstanceOf(lobos.config.ConfigException.class).hasMessageContaining("does not exist");
        Files.createDirectories(dir.resolve("boot/grub"));
        assertThatThrownBy(() -> format.read(Volume.of(dir), "boot/grub", List.of()))
                .isInstanceOf(lobos.config.ConfigException.class);
        assertThatThrownBy(() -> format.read(Volume.of(dir), "../etc/passwd", List.of()))
                .isInstanceOf(lobos.config.ConfigException.class);
    }

    @Test
    void biosDiskNamesMapInTheOrderOfTheVolumesDisks() throws IOException {
        Volume boot = new Volume(dir, "sda1", "1111-AAAA", null);
        Volume root = volume("root", "sda2", "2222-BBBB", null);
        Volume other = volume("other", "/dev/nvme0n1p3", null, null);
        Files.createDirectories(dir.resolve("root/boot"));
        Files.writeString(dir.resolve("root/boot/found.cfg"), "menuentry 'from sda2' { linux /vmlinuz-root }\n");
        Path file = dir.resolve("boot/grub/grub.cfg");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                source (hd0,gpt2)/boot/found.cfg
                menuentry one { linux (hd0,gpt2)/vmlinuz }
                menuentry two { set root=(hd1,msdos3); linux /vmlinuz }
                menuentry three { linux (hd2,gpt1)/vmlinuz }
                menuentry four { linux (hd0,gpt7)/vmlinuz }
                menuentry five { linux (cd0)/vmlinuz }
                """);
        Menu m = new GrubFormat(GrubPlatform.EFI_X86_64).read(boot, "boot/grub/grub.cfg", List.of(boot, root, other));
        assertThat(m.entries()).extracting(BootEntry::title).containsExactly("from sda2", "one", "two", "three",
                "four", "five");
        assertThat(m.entries().get(1).context().root()).isEqualTo("sda2");
        assertThat(m.entries().get(1).warnings()).containsExactly("(hd0,gpt2) is taken to be sda2: BIOS disk order"
                + " is taken to be the order of the volumes given");
        assertThat(m.entries().get(2).context().root()).isEqualTo("/dev/nvme0n1p3");
        assertThat(m.entries().get(3).warnings()).singleElement().asString().contains("which disk the firmware calls"
                + " hd2 cannot be known");
        assertThat(m.entries().get(4).warnings()).singleElement().asString().contains("partition 7 of sda")
                .contains("no volume there");
        assertThat(m.entries().get(5).warnings()).singleElement().asString().contains("cannot be known");
    }

    @Test
    void theEntriesBodiesTogetherShareTheMenusBudget() throws IOException {
        // each body stays under its own 10,000 commands, but 30 of them would run 270,000
        StringBuilder cfg = new StringBuilder("function spin { for i in $1; do true; done; }\n");
        String words = "x ".repeat(2_200);
        for (int e = 0; e < 30; e++) {
            cfg.append("menuentry e").append(e).append(" { spin \"").append(words).append("\"; spin \"").append(words)
                    .append("\"; linux /vmlinuz }\n");
        }
        Menu m = read(cfg.toString());
        assertThat(m.entries().size()).isBetween(1, 7);
        assertThat(warnings(m)).anyMatch(w -> w.startsWith("stopped after 50000 commands building the menu"));
    }
}
