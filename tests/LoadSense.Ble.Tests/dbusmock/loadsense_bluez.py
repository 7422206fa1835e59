'''dbusmock template for LoadSense's BLE tests: Debian's bluez5 template plus GATT objects.

Adds org.bluez.Mock methods to create GATT services and characteristics, deliver notifications,
resolve services, add a battery, and read back the values a client wrote.
'''
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
    _TEMPLATE_CONNECT(device)
    device.props[DEVICE_IFACE]['Connected'] = dbus.Boolean(True, variant_level=1)


def _disconnect(device):
    _TEMPLATE_DISCONNECT(device)
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
        ('StartNotify', '', '', _start_notify),
        ('StopNotify', '', '', _stop_notify),
    ])
    mockobject.objects[path].writes = []
    _added(path, GATT_CHAR_IFACE, props)
    return path


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='say', out_signature='')
def Notify(_self, char_path, value):
    '''Sends one notification (PropertiesChanged Value), even when the bytes repeat.'''
    _changed(mockobject.objects[char_path], GATT_CHAR_IFACE,
             {'Value': dbus.Array(value, signature='y', variant_level=1)})


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
