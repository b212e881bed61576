package lobos.net.dhcp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of a DHCP message: each code once, its value the concatenation of every
 * instance (RFC 3396), in the order the codes first appeared. Immutable; typed readers assume
 * the sizes {@link DhcpCodec#decode} checked and never return a value of the wrong shape.
 */
public final class DhcpOptions {
    public static final DhcpOptions EMPTY = new DhcpOptions(new LinkedHashMap<>());

    private final Map<Integer, byte[]> values;

    private DhcpOptions(LinkedHashMap<Integer, byte[]> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to change some. */
    public Builder toBuilder() {
        Builder b = new Builder();
        values.forEach((code, value) -> b.values.put(code, value));
        return b;
    }

    /** The option codes, in order. */
    public List<Integer> codes() {
        return List.copyOf(values.keySet());
    }

    public boolean has(int code) {
        return values.containsKey(code);
    }

    public boolean has(DhcpOption option) {
        return has(option.code);
    }

    /** A copy of the raw value, or empty. */
    public Optional<byte[]> bytes(int code) {
        byte[] v = values.get(code);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    public Optional<byte[]> bytes(DhcpOption option) {
        return bytes(option.code);
    }

    /** The value as text (ASCII/UTF-8), with a trailing NUL some servers send cut off. */
    public Optional<String> string(DhcpOption option) {
        byte[] v = values.get(option.code);
        if (v == null) return Optional.empty();
        int n = v.length;
        while (n > 0 && v[n - 1] == 0) n--;
        return Optional.of(new String(v, 0, n, StandardCharsets.UTF_8));
    }

    public Optional<Integer> u8(DhcpOption option) {
        byte[] v = values.get(option.code);
        return v == null || v.length < 1 ? Optional.empty() : Optional.of(v[0] & 0xff);
    }

    public Optional<Integer> u16(DhcpOption option) {
        byte[] v = values.get(option.code);
        return v == null || v.length < 2 ? Optional.empty() : Optional.of((v[0] & 0xff) << 8 | (v[1] & 0xff));
    }

    public Optional<Long> u32(DhcpOption option) {
        byte[] v = values.get(option.code);
        if (v == null || v.length < 4) return Optional.empty();
        return Optional.of(((v[0] & 0xffL) << 24) | ((v[1] & 0xffL) << 16) | ((v[2] & 0xffL) << 8) | (v[3] & 0xffL));
    }

    public Optional<Inet4Address> address(DhcpOption option) {
        List<Inet4Address> all = addresses(option);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
    }

    /** The value as a list of IPv4 addresses (routers, name servers). */
    public List<Inet4Address> addresses(DhcpOption option) {
        byte[] v = values.get(option.code);
        List<Inet4Address> out = new ArrayList<>();
        if (v == null) return out;
        for (int i = 0; i + 4 <= v.length; i += 4) out.add(ipv4(v, i));
        return out;
    }

    static Inet4Address ipv4(byte[] b, int offset) {
        try {
            return (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(b, offset, offset + 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    /** Encoded size in an options field without splitting: 2 + length per option. */
    int encodedSize() {
        int n = 0;
        for (byte[] v : values.values()) n += 2 * Math.max(1, (v.length + 254) / 255) + v.length;
        return n;
    }

    Map<Integer, byte[]> raw() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DhcpOptions other) || !other.values.keySet().equals(values.keySet())) return false;
        if (!List.copyOf(other.values.keySet()).equals(List.copyOf(values.keySet()))) return false;
        for (var e : values.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.values.get(e.getKey()))) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (var e : values.entrySet()) h = 31 * h + e.getKey() * 7 + Arrays.hashCode(e.getValue());
        return h;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("{");
        for (var e : values.entrySet()) {
            if (s.length() > 1) s.append(", ");
            s.append(e.getKey()).append('=').append(java.util.HexFormat.of().formatHex(e.getValue()));
        }
        return s.append('}').toString();
    }

    /** Collects options; setting a code again replaces its value, keeping its place. */
    public static final class Builder {
        private final LinkedHashMap<Integer, byte[]> values = new LinkedHashMap<>();

        public Builder put(int code, byte[] value) {
            if (code <= DhcpOption.PAD || code >= DhcpOption.END) {
                throw new IllegalArgumentException("option code " + code + " is pad or end");
            }
            values.put(code, value.clone());
            return this;
        }

        public Builder put(DhcpOption option, byte[] value) {
            return put(option.code, value);
        }

        public Builder string(DhcpOption option, String value) {
            return put(option, value.getBytes(StandardCharsets.UTF_8));
        }

        public Builder u8(DhcpOption option, int value) {
            return put(option, new byte[] {(byte) value});
        }

        public Builder u16(DhcpOption option, int value) {
            return put(option, new byte[] {(byte) (value >> 8), (byte) value});
        }

        public Builder u32(DhcpOption option, long value) {
            return put(option, new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value});
        }

        public Builder addresses(DhcpOption option, List<Inet4Address> list) {
            byte[] v = new byte[list.size() * 4];
            for (int i = 0; i < list.size(); i++) System.arraycopy(list.get(i).getAddress(), 0, v, i * 4, 4);
            return put(option, v);
        }

        public Builder address(DhcpOption option, Inet4Address a) {
            return addresses(option, List.of(a));
        }

        public Builder remove(int code) {
            values.remove(code);
            return this;
        }

        /** Appends to an option's value (RFC 3396: a later instance continues the first). */
        Builder append(int code, byte[] data, int from, int length) {
            byte[] old = values.get(code);
            byte[] v = old == null ? new byte[length] : Arrays.copyOf(old, old.length + length);
            System.arraycopy(data, from, v, old == null ? 0 : old.length, length);
            values.put(code, v);
            return this;
        }

        public DhcpOptions build() {
            return new DhcpOptions(new LinkedHashMap<>(values));
        }
    }
}
