//! `DriverEntry`, `EvtDriverDeviceAdd`, start-up, and the device context.

use core::cell::UnsafeCell;
use core::ffi::CStr;
use core::mem::size_of;
use core::ptr::null_mut;
use core::sync::atomic::{AtomicBool, Ordering};

use cdfilter_core::abi::storage::StorageAdapterDescriptorHead;
use cdfilter_core::device::Platform;
use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::{Device, NtStatus};

use crate::context::{attributes, context_type};
use crate::platform::{check, KmdfPlatform, WaitLock};
use crate::port::{KmdfPort, Window, DEFAULT_MAX_TRANSFER, POOL_TAG};
use crate::wdk::{
    DbgPrintEx, _DPFLTR_TYPE, _WDF_EXECUTION_LEVEL, _WDF_FILEOBJECT_CLASS,
    _WDF_IO_QUEUE_DISPATCH_TYPE, _WDF_MEMORY_DESCRIPTOR_TYPE, _WDF_TRI_STATE, DPFLTR_ERROR_LEVEL,
    DPFLTR_INFO_LEVEL, NTSTATUS, PCUNICODE_STRING, PDRIVER_OBJECT, PMDL, PWDFDEVICE_INIT, ULONG,
    ULONG_PTR, WDFDEVICE, WDFDRIVER, WDFFILEOBJECT, WDFIOTARGET, WDFQUEUE, WDF_DRIVER_CONFIG,
    WDF_FILEOBJECT_CONFIG, WDF_IO_QUEUE_CONFIG, WDF_MEMORY_DESCRIPTOR, WDF_NO_OBJECT_ATTRIBUTES,
    WDF_PNPPOWER_EVENT_CALLBACKS,
};

/// The core's device over the kernel platform.
pub type CoreDevice = Device<KmdfPlatform>;

/// The WDFDEVICE's context.
pub struct DeviceContext {
    /// The next-lower driver (cdrom.sys).
    pub target: WDFIOTARGET,
    /// Orders raw-read windows (see [`DeviceContext::with_window`]).
    window_lock: WaitLock,
    /// Set once start-up succeeded; until then the filter is transparent.
    started: AtomicBool,
    device: UnsafeCell<CoreDevice>,
}

context_type!(
    /// The description of [`DeviceContext`].
    DEVICE_CONTEXT: DeviceContext = c"cdfilter.DeviceContext"
);

impl DeviceContext {
    /// The context of `device`.
    ///
    /// # Safety
    ///
    /// `device` was created by `evt_device_add` and still exists.
    pub unsafe fn of<'a>(device: WDFDEVICE) -> &'a Self {
        // SAFETY: the device carries this context type (caller).
        let ctx = unsafe { DEVICE_CONTEXT.of::<Self>(device.cast()) };
        // SAFETY: written in evt_device_add before the device got a queue or
        // a file object; shared from then on.
        unsafe { &*ctx }
    }

    /// The context of the device that owns `queue`.
    ///
    /// # Safety
    ///
    /// `queue` belongs to a device created by `evt_device_add`.
    pub unsafe fn of_queue<'a>(queue: WDFQUEUE) -> &'a Self {
        // SAFETY: a live queue (caller).
        let device = unsafe { wdf!(WdfIoQueueGetDevice, queue) };
        // SAFETY: the queue's device is ours (caller).
        unsafe { Self::of(device) }
    }

    /// The context of the device that owns `file_object`.
    ///
    /// # Safety
    ///
    /// `file_object` belongs to a device created by `evt_device_add`.
    pub unsafe fn of_file<'a>(file_object: WDFFILEOBJECT) -> &'a Self {
        // SAFETY: a live file object (caller).
        let device = unsafe { wdf!(WdfFileObjectGetDevice, file_object) };
        // SAFETY: the file object's device is ours (caller).
        unsafe { Self::of(device) }
    }

    /// The core device, once started.
    pub fn device(&self) -> Option<&CoreDevice> {
        if !self.started.load(Ordering::Acquire) {
            return None;
        }
        // SAFETY: after `started` is set nothing takes `&mut` again.
        Some(unsafe { &*self.device.get() })
    }

    /// Runs `f` with `output` (the mapping of `mdl`) registered as the
    /// port's raw-read window. Requests with a window take the window lock
    /// first (lock order: window lock, then the core's lock), so one window
    /// is registered at a time; the window is set and cleared under the
    /// core's lock, where the port reads it.
    pub fn with_window<R>(
        &self,
        dev: &CoreDevice,
        output: &mut [u8],
        mdl: PMDL,
        f: impl FnOnce(&mut [u8]) -> R,
    ) -> R {
        if mdl.is_null() || output.is_empty() {
            return f(output);
        }
        let _order = self.window_lock.lock();
        let window = Window::new(output, mdl);
        dev.platform
            .serialize(|unit| unit.port.window = Some(window));
        let result = f(output);
        dev.platform.serialize(|unit| unit.port.window = None);
        result
    }

    /// Start-up (EvtDeviceSelfManagedIoInit): asks the adapter for its
    /// limits, then lets the core cache INQUIRY and probe the drive. A
    /// failure leaves the filter transparent (everything is passed down)
    /// rather than failing the CD-ROM's device stack.
    fn start(&self) {
        if self.started.load(Ordering::Acquire) {
            return;
        }
        let (max_transfer, alignment_mask) = adapter_limits(self.target);
        // SAFETY: `started` is clear, so no request holds a reference to the
        // core device (they all pass down), and start-up runs once.
        let dev = unsafe { &mut *self.device.get() };
        dev.platform
            .unit_mut()
            .port
            .set_limits(max_transfer, alignment_mask);
        match dev.start() {
            Ok(()) => self.started.store(true, Ordering::Release),
            Err(status) => trace(
                DPFLTR_ERROR_LEVEL,
                c"start-up failed; passing through",
                status.0 as NTSTATUS,
            ),
        }
    }
}

/// Writes one line to the debugger: component IHVDRIVER (77), so the
/// `Debug Print Filter\IHVDRIVER` registry value selects the levels shown.
pub fn trace(level: ULONG, what: &CStr, status: NTSTATUS) {
    // SAFETY: the format takes one string and one 32-bit value, which are
    // given; DbgPrintEx may be called at IRQL <= DIRQL.
    let _ = unsafe {
        DbgPrintEx(
            _DPFLTR_TYPE::DPFLTR_IHVDRIVER_ID as ULONG,
            level,
            c"cdfilter: %s (0x%08X)\n".as_ptr(),
            what.as_ptr(),
            status,
        )
    };
}

/// `DriverEntry`.
///
/// # Safety
///
/// Called by the I/O manager with its driver object and registry path.
#[cfg_attr(windows, export_name = "DriverEntry")]
pub unsafe extern "system" fn driver_entry(
    driver: PDRIVER_OBJECT,
    registry_path: PCUNICODE_STRING,
) -> NTSTATUS {
    let mut config = WDF_DRIVER_CONFIG {
        Size: size_of::<WDF_DRIVER_CONFIG>() as ULONG,
        EvtDriverDeviceAdd: Some(evt_device_add),
        DriverPoolTag: POOL_TAG,
        ..WDF_DRIVER_CONFIG::default()
    };
    // SAFETY: the I/O manager's arguments; a valid config; no attributes and
    // no handle wanted.
    let status = unsafe {
        wdf!(
            WdfDriverCreate,
            driver,
            registry_path,
            WDF_NO_OBJECT_ATTRIBUTES,
            &raw mut config,
            null_mut()
        )
    };
    trace(DPFLTR_INFO_LEVEL, c"DriverEntry", status);
    status
}

/// `EvtDriverDeviceAdd`: attaches the filter above cdrom.sys.
unsafe extern "C" fn evt_device_add(_driver: WDFDRIVER, device_init: PWDFDEVICE_INIT) -> NTSTATUS {
    match add_device(device_init) {
        Ok(()) => 0,
        Err(status) => {
            trace(
                DPFLTR_ERROR_LEVEL,
                c"device add failed",
                status.0 as NTSTATUS,
            );
            status.0 as NTSTATUS
        }
    }
}

fn add_device(mut device_init: PWDFDEVICE_INIT) -> Result<(), NtStatus> {
    // SAFETY: the framework's init structure, before WdfDeviceCreate.
    unsafe { wdf!(WdfFdoInitSetFilter, device_init) };

    // Create and cleanup are owned by cdrom.sys: the framework forwards
    // cleanup and close after our callbacks (AutoForwardCleanupClose's
    // default for a filter). File objects opened below this driver's
    // knowledge (stream file objects) are optional.
    let mut file_config = WDF_FILEOBJECT_CONFIG {
        Size: size_of::<WDF_FILEOBJECT_CONFIG>() as ULONG,
        EvtDeviceFileCreate: Some(crate::file::evt_create),
        EvtFileClose: Some(crate::file::evt_close),
        EvtFileCleanup: Some(crate::file::evt_cleanup),
        AutoForwardCleanupClose: _WDF_TRI_STATE::WdfUseDefault,
        FileObjectClass: _WDF_FILEOBJECT_CLASS::WdfFileObjectWdfCannotUseFsContexts
            | _WDF_FILEOBJECT_CLASS::WdfFileObjectCanBeOptional,
    };
    let mut file_attributes = attributes(Some(&crate::file::FILE_CONTEXT), null_mut());
    // SAFETY: as above; valid config and attributes.
    unsafe {
        wdf!(
            WdfDeviceInitSetFileObjectConfig,
            device_init,
            &raw mut file_config,
            &raw mut file_attributes
        );
    };

    let mut pnp = WDF_PNPPOWER_EVENT_CALLBACKS {
        Size: size_of::<WDF_PNPPOWER_EVENT_CALLBACKS>() as ULONG,
        EvtDeviceSelfManagedIoInit: Some(evt_self_managed_io_init),
        ..WDF_PNPPOWER_EVENT_CALLBACKS::default()
    };
    // SAFETY: as above; valid callbacks.
    unsafe {
        wdf!(
            WdfDeviceInitSetPnpPowerEventCallbacks,
            device_init,
            &raw mut pnp
        );
    };

    let mut device_attributes = attributes(Some(&DEVICE_CONTEXT), null_mut());
    let mut device: WDFDEVICE = null_mut();
    // SAFETY: the init structure, valid attributes and out-pointer.
    check(unsafe {
        wdf!(
            WdfDeviceCreate,
            &raw mut device_init,
            &raw mut device_attributes,
            &raw mut device
        )
    })?;

    // SAFETY: the device was just created.
    let target = unsafe { wdf!(WdfDeviceGetIoTarget, device) };
    // SAFETY: as above.
    let pdo = unsafe { wdf!(WdfDeviceWdmGetPhysicalDevice, device) };
    let port = KmdfPort::create(device, target)?;
    let core_lock = WaitLock::create(device.cast())?;
    let window_lock = WaitLock::create(device.cast())?;
    let context = DeviceContext {
        target,
        window_lock,
        started: AtomicBool::new(false),
        device: UnsafeCell::new(Device::new(KmdfPlatform::new(core_lock, pdo, port))),
    };
    // SAFETY: the device carries this context type.
    let slot = unsafe { DEVICE_CONTEXT.of::<DeviceContext>(device.cast()) };
    // SAFETY: the framework allocated (zeroed) the context for this type and
    // nothing reads it before the queue exists.
    unsafe { slot.write(context) };

    let mut queue_config = WDF_IO_QUEUE_CONFIG {
        Size: size_of::<WDF_IO_QUEUE_CONFIG>() as ULONG,
        DispatchType: _WDF_IO_QUEUE_DISPATCH_TYPE::WdfIoQueueDispatchParallel,
        // A filter's queues are not power-managed by default: the port
        // driver owns the drive's power.
        PowerManaged: _WDF_TRI_STATE::WdfUseDefault,
        DefaultQueue: 1,
        EvtIoRead: Some(crate::io::evt_io_read),
        EvtIoWrite: Some(crate::io::evt_io_write),
        EvtIoDeviceControl: Some(crate::io::evt_io_device_control),
        ..WDF_IO_QUEUE_CONFIG::default()
    };
    // As WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE does for a parallel queue.
    queue_config.Settings.Parallel.NumberOfPresentedRequests = ULONG::MAX;
    // Passive callbacks: the core sends its commands synchronously and
    // waits on a wait lock.
    let mut queue_attributes = attributes(None, device.cast());
    queue_attributes.ExecutionLevel = _WDF_EXECUTION_LEVEL::WdfExecutionLevelPassive;
    let mut queue: WDFQUEUE = null_mut();
    // SAFETY: the device, valid config, attributes and out-pointer.
    check(unsafe {
        wdf!(
            WdfIoQueueCreate,
            device,
            &raw mut queue_config,
            &raw mut queue_attributes,
            &raw mut queue
        )
    })
}

/// `EvtDeviceSelfManagedIoInit`: the lower stack has started.
unsafe extern "C" fn evt_self_managed_io_init(device: WDFDEVICE) -> NTSTATUS {
    // SAFETY: the framework calls this for a device of this driver.
    let ctx = unsafe { DeviceContext::of(device) };
    ctx.start();
    0
}

/// Asks the adapter (through cdrom.sys) for `STORAGE_ADAPTER_DESCRIPTOR`;
/// returns (the transfer limit for a buffer of any alignment, AlignmentMask),
/// or the defaults.
fn adapter_limits(target: WDFIOTARGET) -> (u32, u32) {
    let mut query = StorageAdapterDescriptorHead::query_bytes();
    let mut descriptor = [0u8; 32];
    let mut input = buffer_descriptor(query.as_mut_ptr(), query.len());
    let mut output = buffer_descriptor(descriptor.as_mut_ptr(), descriptor.len());
    let mut returned: ULONG_PTR = 0;
    // SAFETY: the device's target; descriptors over live local buffers; no
    // request, no options; PASSIVE_LEVEL.
    let status = unsafe {
        wdf!(
            WdfIoTargetSendIoctlSynchronously,
            target,
            null_mut(),
            Ioctl::StorageQueryProperty.code(),
            &raw mut input,
            &raw mut output,
            null_mut(),
            &raw mut returned
        )
    };
    let answer = descriptor.get(..returned as usize).unwrap_or(&[]);
    match StorageAdapterDescriptorHead::parse(answer) {
        Some(head) if status >= 0 => (head.max_unaligned_transfer(), head.alignment_mask),
        _ => {
            trace(
                DPFLTR_INFO_LEVEL,
                c"no adapter descriptor; 64 KiB transfers",
                status,
            );
            (DEFAULT_MAX_TRANSFER, 0)
        }
    }
}

/// `WDF_MEMORY_DESCRIPTOR_INIT_BUFFER` over `len` bytes at `buffer`.
pub fn buffer_descriptor(buffer: *mut u8, len: usize) -> WDF_MEMORY_DESCRIPTOR {
    let mut descriptor = WDF_MEMORY_DESCRIPTOR {
        Type: _WDF_MEMORY_DESCRIPTOR_TYPE::WdfMemoryDescriptorTypeBuffer,
        ..WDF_MEMORY_DESCRIPTOR::default()
    };
    descriptor.u.BufferType.Buffer = buffer.cast();
    descriptor.u.BufferType.Length = len as ULONG;
    descriptor
}
