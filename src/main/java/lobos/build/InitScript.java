package lobos.build;

import java.util.List;

/**
 * The image's /init: a few lines of busybox sh that mount what the JVM needs (devtmpfs first:
 * without it the JVM's SecureRandom waits seconds for entropy; /proc before the JVM, which
 * finds its libjli.so through /proc/self/exe) and exec the JVM as PID 1.
 */
final class InitScript {
    private InitScript() {}

    static String text(List<String> javaCommand) {
        return """
                #!/bin/busybox sh
                # lobos boot image: mount the kernel's file systems, then run lobos as PID 1.
                export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root TERM=linux
                /bin/busybox mount -t devtmpfs -o nosuid,mode=0755 devtmpfs /dev
                /bin/busybox mount -t proc -o nosuid,nodev,noexec proc /proc
                /bin/busybox mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
                /bin/busybox mount -t tmpfs -o nosuid,nodev,mode=0755 tmpfs /run
                read uptime idle < /proc/uptime
                cd /
                exec %s
                echo "lobos: cannot start Java; here is a shell"
                exec /bin/sh
                """.formatted(String.join(" ", javaCommand).replace("@UPTIME@", "$uptime"));
    }
}
