package lobos.hotplug;

/**
 * Told each {@link DeviceEvent}, in the order they happened, on Hotplug's delivery thread (one
 * at a time): a listener that takes long delays the next event, not the loading of drivers. An
 * exception it throws is logged and the next listener still hears the event.
 */
@FunctionalInterface
public interface DeviceListener {
    void deviceEvent(DeviceEvent event);
}
