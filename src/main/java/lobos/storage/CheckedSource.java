package lobos.storage;

/** A {@link BlockSource} that checks every read against its size before handing it on. */
final class CheckedSource implements BlockSource {
    /** Reads a range already known to be inside the source. */
    interface Reader {
        byte[] read(long offset, int length);
    }

    private final String name;
    private final long size;
    private final Reader reader;
    private final Runnable closer;

    CheckedSource(String name, long size, Reader reader, Runnable closer) {
        this.name = name;
        this.size = size;
        this.reader = reader;
        this.closer = closer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public byte[] read(long offset, int length) {
        if (!has(offset, length)) {
            throw new StorageException(name + ": " + length + " bytes at offset " + offset + " are past its end (" + size + " bytes)",
                    "the device or image is truncated");
        }
        return reader.read(offset, length);
    }

    @Override
    public void close() {
        closer.run();
    }
}
