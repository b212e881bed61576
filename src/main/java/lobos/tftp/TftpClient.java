package lobos.tftp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import lobos.tftp.TftpPacket.Ack;
import lobos.tftp.TftpPacket.Data;
import lobos.tftp.TftpPacket.ErrorPacket;
import lobos.tftp.TftpPacket.Mode;
import lobos.tftp.TftpPacket.OptionAck;
import lobos.tftp.TftpPacket.ReadRequest;

/**
 * Downloads files over TFTP (RFC 1350) in octet mode, negotiating blksize, tsize, timeout
 * (RFC 2347-2349) and windowsize (RFC 7440). A server that ignores the options gets plain
 * 512-byte lock-step; one that refuses them (ERROR 8) or answers with values the client did
 * not allow is asked again without options.
 *
 * <p>The receiving side of the protocol: in-order blocks are written and acknowledged at the
 * end of each window or at the short last block; a gap (lost or reordered packet) is answered
 * once with an ACK of the last in-order block, so the server resends from there; a duplicate
 * of an old block is answered with that same ACK (RFC 1350), which a correct server ignores
 * (RFC 1123 4.2.3.1). Silence is answered by retransmitting the last packet with a doubling
 * timeout, a bounded number of times. Packets from a port other than the server's transfer
 * ID get ERROR 5 and are otherwise ignored. Block numbers wrap from 65535 to 0.
 */
public final class TftpClient {
    private final TftpClientOptions options;

    public TftpClient(TftpClientOptions options) {
        this.options = options;
    }

    public TftpClient() {
        this(TftpClientOptions.defaults());
    }

    /** How a download went. {@code announcedSize} is the tsize the server sent, or -1. */
    public record Result(
            long bytes, long announcedSize, int blockSize, int windowSize, boolean negotiated,
            int retransmissions, Duration elapsed) {}

    /**
     * Reads {@code file} from the TFTP server at {@code server} and writes it to {@code out}
     * (not closed). Throws {@link TftpRemoteException} when the server refuses (file not found,
     * access violation), {@link TftpTimeoutException} when it stops answering, and
     * {@link TftpException} for a file over the size limit, a misbehaving server or a failed write.
     */
    public Result fetch(InetSocketAddress server, String file, OutputStream out, TftpProgress progress) {
        if (server.isUnresolved()) {
            throw new TftpException("cannot resolve TFTP server " + server.getHostString(), "check the host name, or give an IP address");
        }
        long started = System.nanoTime();
        if (options.hasOptions()) {
            try {
                return new Download(server, file, out, progress, options, started).run();
            } catch (OptionsRefused refused) {
                // nothing was written yet: the server answered the request itself
            }
        }
        try {
            return new Download(server, file, out, progress, options.withoutOptions(), started).run();
        } catch (OptionsRefused refused) {
            throw new TftpException("TFTP server " + describe(server) + " answered a request for " + file
                    + " without options with an option acknowledgement", "the server does not follow RFC 2347; try another server");
        }
    }

    static String describe(InetSocketAddress address) {
        String host = address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** The server refused or garbled the options: ask again without them. */
    private static final class OptionsRefused extends RuntimeException {
        OptionsRefused() {
            super(null, null, false, false);
        }
    }

    /** One attempt to read one file: the receiver's state machine. */
    private static final class Download {
        private final InetSocketAddress server;
        private final String file;
        private final OutputStream out;
        private final TftpProgress progress;
        private final TftpClientOptions options;
        private final long started;
        private final String where;

        private InetSocketAddress peer; // the server's transfer ID, learned from its first answer
        private boolean transferring; // past the request: DATA seen or OACK acknowledged
        private int blockSize = TftpPacket.DEFAULT_BLOCK_SIZE;
        private int windowSize = 1;
        private long announced = TftpProgress.UNKNOWN;
        private boolean negotiated;
        private long bytes;
        private int lastInOrder; // wire number of the last block written (0 before the first)
        private int inWindow; // in-order blocks since the last ACK
        private boolean gapAcked; // an ACK for the current gap was sent already
        private int retransmissions;
        private TftpPacket lastSent;

        Download(InetSocketAddress server, String file, OutputStream out, TftpProgress progress,
                 TftpClientOptions options, long started) {
            this.server = server;
            this.file = file;
            this.out = out;
            this.progress = progress;
            this.options = options;
            this.started = started;
            this.where = file + " from TFTP server " + describe(server);
        }

        Result run() {
            try (var port = UdpPort.forPeer(server.getAddress())) {
                port.receiveBuffer((int) Math.min(8 << 20, (long) options.windowSize() * (options.blockSize() + 64) * 2));
                send(port, request(), server);
                int silent = 0;
                long deadline = deadline(0);
                while (true) {
                    var received = port.receive(deadline);
                    if (received == null) {
                        if (++silent > options.retries()) throw timeout();
                        retransmissions++;
                        send(port, lastSent, peer == null ? server : peer);
                        deadline = deadline(silent);
                        continue;
                    }
                    if (!fromPeer(port, received)) continue;
                    if (received.malformed() != null) {
                        abort(port, ErrorPacket.ILLEGAL_OPERATION, "malformed packet");
                        throw new TftpException(where + ": " + received.malformed().getMessage(),
                                "the server sent a packet lobos cannot read; try another server or plain RFC 1350 options",
                                received.malformed());
                    }
                    long before = bytes;
                    boolean wasTransferring = transferring;
                    if (handle(port, received.packet())) {
                        progress.transferred(bytes, announced);
                        return new Result(bytes, announced, blockSize, windowSize, negotiated, retransmissions,
                                Duration.ofNanos(System.nanoTime() - started));
                    }
                    if (bytes != before || transferring != wasTransferring) { // progress, not just duplicates
                        silent = 0;
                        deadline = deadline(0);
                    }
                }
            } catch (IOException e) {
                throw new TftpException("TFTP transfer of " + where + " failed: " + e.getMessage(),
                        "check the network connection and the local destination", e);
            }
        }

        private ReadRequest request() {
            var requested = new LinkedHashMap<String, String>();
            if (options.blockSize() != TftpPacket.DEFAULT_BLOCK_SIZE) requested.put(TftpOptions.BLKSIZE, Integer.toString(options.blockSize()));
            if (options.requestSize()) requested.put(TftpOptions.TSIZE, "0");
            if (options.serverTimeout() > 0) requested.put(TftpOptions.TIMEOUT, Integer.toString(options.serverTimeout()));
            if (options.windowSize() != 1) requested.put(TftpOptions.WINDOWSIZE, Integer.toString(options.windowSize()));
            return new ReadRequest(file, Mode.OCTET, requested);
        }

        private long deadline(int silent) {
            long timeout = options.timeout().toNanos() << Math.min(silent, 3);
            return System.nanoTime() + timeout;
        }

        /** Locks on to the server's transfer ID; anybody else gets ERROR 5 (RFC 1350 section 4). */
        private boolean fromPeer(UdpPort port, UdpPort.Received received) throws IOException {
            if (peer == null) {
                if (!received.source().getAddress().equals(server.getAddress())) return false;
                peer = received.source();
                return true;
            }
            if (received.source().equals(peer)) return true;
            port.send(new ErrorPacket(ErrorPacket.UNKNOWN_TID, "unknown transfer ID"), received.source());
            return false;
        }

        /** Acts on one packet from the server; true when the file is complete. */
        private boolean handle(UdpPort port, TftpPacket packet) throws IOException {
            return switch (packet) {
                case OptionAck oack when !transferring -> {
                    accept(port, oack);
                    yield false;
                }
                case OptionAck ignored -> {
                    if (bytes == 0 && lastInOrder == 0) send(port, new Ack(0), peer); // our ACK 0 was lost
                    yield false;
                }
                case Data data -> received(port, data);
                case ErrorPacket error -> {
                    if (!transferring && error.code() == ErrorPacket.OPTION_REFUSED && !request().options().isEmpty()) {
                        throw new OptionsRefused();
                    }
                    throw refused(error);
                }
                default -> {
                    abort(port, ErrorPacket.ILLEGAL_OPERATION, "unexpected packet");
                    throw new TftpException(where + ": unexpected " + packet + " during a read",
                            "the server does not follow RFC 1350; try another server");
                }
            };
        }

        /** Checks an OACK against what was asked (RFC 2347: never more than asked, only options asked). */
        private void accept(UdpPort port, OptionAck oack) throws IOException {
            var asked = request().options();
            for (var option : oack.options().entrySet()) {
                String name = option.getKey();
                String value = option.getValue();
                if (!asked.containsKey(name)) refuseOack(port, "it added option " + name + " that was not requested");
                switch (name) {
                    case TftpOptions.BLKSIZE -> blockSize = (int) TftpOptions.number(value, TftpOptions.MIN_BLOCK_SIZE, options.blockSize())
                            .orElseThrow(() -> refuseOack(port, "blksize " + value + " is not in 8.." + options.blockSize()));
                    case TftpOptions.WINDOWSIZE -> windowSize = (int) TftpOptions.number(value, 1, options.windowSize())
                            .orElseThrow(() -> refuseOack(port, "windowsize " + value + " is not in 1.." + options.windowSize()));
                    case TftpOptions.TSIZE -> announced = TftpOptions.number(value, 0, Long.MAX_VALUE)
                            .orElseThrow(() -> refuseOack(port, "tsize " + value + " is not a size"));
                    case TftpOptions.TIMEOUT -> TftpOptions.number(value, options.serverTimeout(), options.serverTimeout())
                            .orElseThrow(() -> refuseOack(port, "timeout " + value + " differs from the " + options.serverTimeout() + " requested"));
                    default -> refuseOack(port, "unknown option " + name);
                }
            }
            negotiated = true;
            if (announced > options.maxBytes()) {
                abort(port, ErrorPacket.DISK_FULL, "file too large");
                throw tooLarge(announced);
            }
            transferring = true;
            send(port, new Ack(0), peer);
        }

        private OptionsRefused refuseOack(UdpPort port, String why) {
            System.getLogger("lobos.tftp").log(System.Logger.Level.INFO, "{0}: option acknowledgement refused ({1}); asking again without options", where, why);
            try {
                port.send(ErrorPacket.bounded(ErrorPacket.OPTION_REFUSED, "option acknowledgement refused: " + why), peer);
            } catch (IOException ignored) {
                // the server times out on its own
            }
            throw new OptionsRefused();
        }

        private boolean received(UdpPort port, Data data) throws IOException {
            transferring = true;
            int expected = (lastInOrder + 1) & 0xFFFF;
            if (data.block() == expected) {
                if (data.data().length > blockSize) {
                    abort(port, ErrorPacket.ILLEGAL_OPERATION, "block too large");
                    throw new TftpException(where + ": block " + data.block() + " has " + data.data().length
                            + " bytes, more than the block size " + blockSize, "the server does not follow RFC 2348; try another server");
                }
                write(port, data.data());
                lastInOrder = expected;
                gapAcked = false;
                boolean last = data.data().length < blockSize;
                if (last || ++inWindow >= windowSize) {
                    inWindow = 0;
                    send(port, new Ack(lastInOrder), peer);
                    if (!last) progress.transferred(bytes, announced);
                }
                return last;
            }
            boolean old = ((expected - data.block()) & 0xFFFF) <= 0x8000;
            if (old || !gapAcked) {
                // old: our ACK may have been lost; gap: make the server resend from the hole
                inWindow = 0;
                gapAcked = !old;
                send(port, new Ack(lastInOrder), peer);
            }
            return false;
        }

        private void write(UdpPort port, byte[] block) throws IOException {
            if (bytes + block.length > options.maxBytes()) {
                abort(port, ErrorPacket.DISK_FULL, "file too large");
                throw tooLarge(bytes + block.length);
            }
            try {
                out.write(block);
            } catch (IOException e) {
                abort(port, ErrorPacket.DISK_FULL, "cannot store the file");
                throw new TftpException("cannot store " + where + ": " + e.getMessage(), "check the destination's free space", e);
            }
            bytes += block.length;
        }

        private void send(UdpPort port, TftpPacket packet, InetSocketAddress to) throws IOException {
            lastSent = packet;
            port.send(packet, to);
        }

        private void abort(UdpPort port, int code, String message) {
            try {
                port.send(new ErrorPacket(code, message), peer == null ? server : peer);
            } catch (IOException ignored) {
                // the server times out on its own
            }
        }

        private TftpTimeoutException timeout() {
            String state = !transferring ? "no answer to the read request"
                    : "no answer after block " + lastInOrder + " (" + bytes + " bytes received)";
            return new TftpTimeoutException("TFTP timeout: " + state + " for " + where + " after "
                    + options.retries() + " retransmissions",
                    "check that a TFTP server runs on " + describe(server) + " and that UDP to it is not filtered; then try again");
        }

        private TftpRemoteException refused(ErrorPacket error) {
            String detail = error.message().isBlank() ? "" : " (\"" + error.message() + "\")";
            return switch (error.code()) {
                case ErrorPacket.FILE_NOT_FOUND -> new TftpRemoteException(
                        "TFTP server " + describe(server) + " has no file " + file + detail,
                        "check the path; TFTP servers usually serve names relative to their root directory", error.code());
                case ErrorPacket.ACCESS_VIOLATION -> new TftpRemoteException(
                        "TFTP server " + describe(server) + " denied access to " + file + detail,
                        "check the file's permissions on the server (tftpd-hpa needs it world-readable)", error.code());
                default -> new TftpRemoteException(
                        "TFTP server " + describe(server) + " ended the transfer of " + file + ": " + error.codeName() + detail,
                        "see the server's log for the reason", error.code());
            };
        }

        private TftpException tooLarge(long size) {
            return new TftpException(where + " is " + (size == announced ? "" : "at least ") + size
                    + " bytes, more than the limit of " + options.maxBytes() + " bytes",
                    "raise the size limit or fetch the file somewhere with more room");
        }
    }
}
