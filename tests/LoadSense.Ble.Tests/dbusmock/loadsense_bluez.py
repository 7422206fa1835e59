'''dbusmock template for LoadSense's BLE tests: Debian's bluez5 template plus GATT objects.

Adds org.bluez.Mock methods to create GATT services and characteristics, deliver notifications
(PropertiesChanged after StartNotify, or the socket of AcquireNotify), resolve services (by hand
or on Connect), drop a link, add a battery, and read back the values a client wrote.
'''
import socket

# pylint: disable=wildcard-import,unused-wildcard-import,invalid-name
import dbus
from dbusmock import OBJECT_MANAGER_IFACE, mockobject
from dbusmock.templates import bluez5
from dbusmock.templates.bluez5 import *  # noqa: F401,F403 (the template's mock methods)

GATT_SERVICE_IFACE = 'org.bluez.GattService1'
GATT_CHAR_IFACE = 'org.bluez.GattCharacteristic1'
BATTERY_IFACE = 'org.bluez.Battery1'


_TEMPLATE_CONNECT = bluez5.Connect
_TEMPLATE_DISCONNECT = bluez5.Disconnect


def _connect(device):
    '''The template's Connect only signals Connected; keep the property in step for GetAll.'''
    if getattr(device, 'refuse_connect', False):
        raise dbus.exceptions.DBusException('Page timeout', name='org.bluez.Error.Failed')
    _TEMPLATE_CONNECT(device)
    device.props[DEVICE_IFACE]['Connected'] = dbus.Boolean(True, variant_level=1)
    if getattr(device, 'auto_resolve', False):
        _changed(device, DEVICE_IFACE, {'ServicesResolved': dbus.Boolean(True, variant_level=1)})


def _hang_up(device_path):
    '''A lost link ends every acquired notify socket of the device (the client reads HUP).'''
    for path, obj in list(mockobject.objects.items()):
        if path.startswith(device_path + '/') and getattr(obj, 'peer', None) is not None:
            obj.peer.close()
            obj.peer = None
            obj.props[GATT_CHAR_IFACE]['NotifyAcquired'] = dbus.Boolean(False, variant_level=1)
        if path.startswith(device_path + '/') and GATT_CHAR_IFACE in obj.props:
            obj.props[GATT_CHAR_IFACE]['Notifying'] = dbus.Boolean(False, variant_level=1)


def _disconnect(device):
    _TEMPLATE_DISCONNECT(device)
    _hang_up(device.path)
    device.props[DEVICE_IFACE]['Connected'] = dbus.Boolean(False, variant_level=1)
    device.props[DEVICE_IFACE]['ServicesResolved'] = dbus.Boolean(False, variant_level=1)


def load(mock, parameters):
    # AddDevice looks Connect/Disconnect up in the template's module when it runs.
    bluez5.Connect = _connect
    bluez5.Disconnect = _disconnect
    bluez5.load(mock, parameters)


def _changed(obj, interface, props):
    obj.props[interface].update(props)
    obj.EmitSignal(dbus.PROPERTIES_IFACE, 'PropertiesChanged', 'sa{sv}as', [interface, props, []])


def _added(path, interface, props):
    mockobject.objects['/'].EmitSignal(OBJECT_MANAGER_IFACE, 'InterfacesAdded', 'oa{sa{sv}}',
                                       [dbus.ObjectPath(path), {interface: props}])


def _read_value(char, _options):
    return char.props[GATT_CHAR_IFACE]['Value']


def _write_value(char, value, options):
    char.writes.append((dbus.Array(value, signature='y'), str(options.get('type', ''))))


def _acquire_notify(char, _options):
    '''AcquireNotify: one end of a SOCK_SEQPACKET pair goes to the client, Notify writes to the other.'''
    if not getattr(char, 'acquire_mtu', 0):
        raise dbus.exceptions.DBusException('Operation is not supported', name='org.bluez.Error.NotSupported')
    if getattr(char, 'peer', None) is not None:
        raise dbus.exceptions.DBusException('Notify acquired', name='org.bluez.Error.NotPermitted')
    mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    char.peer = mine
    fd = dbus.types.UnixFd(theirs)
    theirs.close()
    char.props[GATT_CHAR_IFACE]['NotifyAcquired'] = dbus.Boolean(True, variant_level=1)
    return (fd, dbus.UInt16(char.acquire_mtu))


def _start_notify(char):
    _changed(char, GATT_CHAR_IFACE, {'Notifying': dbus.Boolean(True, variant_level=1)})


def _stop_notify(char):
    _changed(char, GATT_CHAR_IFACE, {'Notifying': dbus.Boolean(False, variant_level=1)})


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='sss', out_signature='s')
def AddGattService(self, device_path, name, uuid):
    path = device_path + '/' + name
    props = {
        'UUID': dbus.String(uuid, variant_level=1),
        'Device': dbus.ObjectPath(device_path, variant_level=1),
        'Primary': dbus.Boolean(True, variant_level=1),
    }
    self.AddObject(path, GATT_SERVICE_IFACE, props, [])
    _added(path, GATT_SERVICE_IFACE, props)
    return path


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='sssas', out_signature='s')
def AddGattCharacteristic(self, service_path, name, uuid, flags):
    path = service_path + '/' + name
    props = {
        'UUID': dbus.String(uuid, variant_level=1),
        'Service': dbus.ObjectPath(service_path, variant_level=1),
        'Value': dbus.Array([], signature='y', variant_level=1),
        'Notifying': dbus.Boolean(False, variant_level=1),
        'Flags': dbus.Array(flags, signature='s', variant_level=1),
    }
    self.AddObject(path, GATT_CHAR_IFACE, props, [
        ('ReadValue', 'a{sv}', 'ay', _read_value),
        ('WriteValue', 'aya{sv}', '', _write_value),
        ('AcquireNotify', 'a{sv}', 'hq', _acquire_notify),
        ('StartNotify', '', '', _start_notify),
        ('StopNotify', '', '', _stop_notify),
    ])
    mockobject.objects[path].writes = []
    mockobject.objects[path].acquire_mtu = 0
    mockobject.objects[path].peer = None
    _added(path, GATT_CHAR_IFACE, props)
    return path


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='say', out_signature='')
def Notify(_self, char_path, value):
    '''Sends one notification, even when the bytes repeat: on the acquired socket when a client
    holds one, else as PropertiesChanged Value.'''
    char = mockobject.objects[char_path]
    if char.peer is not None:
        char.peer.send(bytes(value))
        return
    _changed(char, GATT_CHAR_IFACE, {'Value': dbus.Array(value, signature='y', variant_level=1)})


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='sq', out_signature='')
def EnableAcquireNotify(_self, char_path, mtu):
    '''Lets AcquireNotify succeed on this characteristic with this MTU (0 refuses it, the default).'''
    mockobject.objects[char_path].acquire_mtu = mtu


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='sb', out_signature='')
def SetAutoResolve(_self, device_path, auto):
    '''When set, Connect resolves services at once, like bluetoothd with a cached GATT database.'''
    mockobject.objects[device_path].auto_resolve = bool(auto)


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='sb', out_signature='')
def SetRefuseConnect(_self, device_path, refuse):
    '''When set, Connect fails as it does for a sensor out of range.'''
    mockobject.objects[device_path].refuse_connect = bool(refuse)


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='s', out_signature='')
def DropLink(_self, device_path):
    '''The link is lost (out of range, supervision timeout): Connected and ServicesResolved go
    false, acquired sockets hang up, notify sessions end.'''
    device = mockobject.objects[device_path]
    device.connected = False
    _hang_up(device_path)
    _changed(device, DEVICE_IFACE, {
        'Connected': dbus.Boolean(False, variant_level=1),
        'ServicesResolved': dbus.Boolean(False, variant_level=1),
    })


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='sasn', out_signature='')
def SetAdvertisement(_self, device_path, uuids, rssi):
    '''Advertised service UUIDs and signal strength, as discovery reports them.'''
    _changed(mockobject.objects[device_path], DEVICE_IFACE, {
        'UUIDs': dbus.Array(uuids, signature='s', variant_level=1),
        'RSSI': dbus.Int16(rssi, variant_level=1),
    })


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='sb', out_signature='')
def SetServicesResolved(_self, device_path, resolved):
    _changed(mockobject.objects[device_path], DEVICE_IFACE,
             {'ServicesResolved': dbus.Boolean(resolved, variant_level=1)})


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='sy', out_signature='')
def AddBattery(_self, device_path, percentage):
    props = {'Percentage': dbus.Byte(percentage, variant_level=1)}
    mockobject.objects[device_path].AddProperties(BATTERY_IFACE, props)
    _added(device_path, BATTERY_IFACE, props)


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='s', out_signature='a(ays)')
def GetWrites(_self, char_path):
    return dbus.Array(mockobject.objects[char_path].writes, signature='(ays)')
