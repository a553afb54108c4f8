//! The core's [`Platform`] in the kernel: a WDF wait lock serialises the
//! unit, PnP custom notifications carry the events.

use core::cell::UnsafeCell;
use core::mem::{offset_of, size_of};

use cdfilter_core::device::{Event, Platform, Unit};
use cdfilter_core::NtStatus;

use crate::context::attributes;
use crate::port::KmdfPort;
use crate::srb::{self, GuidParts};
use crate::wdk::{
    IoReportTargetDeviceChangeAsynchronous, DPFLTR_ERROR_LEVEL, GUID, NTSTATUS, PDEVICE_OBJECT,
    TARGET_DEVICE_CUSTOM_NOTIFICATION, USHORT, WDFOBJECT, WDFWAITLOCK,
};

/// A WDF wait lock (`WDFWAITLOCK`): a mutex for PASSIVE_LEVEL code.
pub struct WaitLock(WDFWAITLOCK);

impl WaitLock {
    /// Creates a wait lock owned by `parent` (deleted with it).
    ///
    /// # Errors
    ///
    /// The framework's status if it cannot create the lock.
    pub fn create(parent: WDFOBJECT) -> Result<Self, NtStatus> {
        let mut attrs = attributes(None, parent);
        let mut lock: WDFWAITLOCK = core::ptr::null_mut();
        // SAFETY: valid attributes and out-pointer; IRQL <= DISPATCH_LEVEL.
        let status = unsafe { wdf!(WdfWaitLockCreate, &raw mut attrs, &raw mut lock) };
        check(status).map(|()| Self(lock))
    }

    /// Acquires the lock until the returned guard drops. PASSIVE_LEVEL only.
    pub fn lock(&self) -> Held<'_> {
        // SAFETY: the lock is live for the device's lifetime; a null timeout
        // waits without limit and then always returns STATUS_SUCCESS.
        let _ = unsafe { wdf!(WdfWaitLockAcquire, self.0, core::ptr::null_mut()) };
        Held(self)
    }
}

/// A held [`WaitLock`]; releases it on drop.
pub struct Held<'a>(&'a WaitLock);

impl Drop for Held<'_> {
    fn drop(&mut self) {
        // SAFETY: this guard exists only while the lock is held by us.
        unsafe { wdf!(WdfWaitLockRelease, (self.0).0) };
    }
}

/// `Ok` for an `NT_SUCCESS` status, the status otherwise.
pub fn check(status: NTSTATUS) -> Result<(), NtStatus> {
    if status >= 0 {
        Ok(())
    } else {
        Err(NtStatus(status as u32))
    }
}

/// The kernel platform: the unit behind a wait lock, the PDO for events.
pub struct KmdfPlatform {
    lock: WaitLock,
    pdo: PDEVICE_OBJECT,
    unit: UnsafeCell<Unit<KmdfPort>>,
}

impl KmdfPlatform {
    /// A platform over `port`; `pdo` receives the notifications.
    pub fn new(lock: WaitLock, pdo: PDEVICE_OBJECT, port: KmdfPort) -> Self {
        Self {
            lock,
            pdo,
            unit: UnsafeCell::new(Unit::new(port)),
        }
    }

    /// The unit without locking: only while nothing else can reach the
    /// platform (start-up, before requests are let through).
    pub fn unit_mut(&mut self) -> &mut Unit<KmdfPort> {
        self.unit.get_mut()
    }
}

impl Platform for KmdfPlatform {
    type Port = KmdfPort;

    fn serialize<R>(&self, f: impl FnOnce(&mut Unit<KmdfPort>) -> R) -> R {
        let _held = self.lock.lock();
        // SAFETY: every shared access to the unit goes through this method,
        // and the wait lock is held, so this is the only reference.
        let unit = unsafe { &mut *self.unit.get() };
        f(unit)
    }

    fn notify(&self, event: Event) {
        let parts = match event {
            Event::MediaArrival => srb::GUID_IO_MEDIA_ARRIVAL,
            Event::MediaRemoval => srb::GUID_IO_MEDIA_REMOVAL,
            Event::ExclusiveLock => srb::GUID_IO_CDROM_EXCLUSIVE_LOCK,
            Event::ExclusiveUnlock => srb::GUID_IO_CDROM_EXCLUSIVE_UNLOCK,
            Event::EjectRequest => srb::GUID_IO_MEDIA_EJECT_REQUEST,
            // GUID_IO_DEVICE_BECOMING_READY carries a DEVICE_EVENT_BECOMING_READY
            // payload whose fields the spec does not give; it is not sent.
            Event::BecomingReady => return,
        };
        let mut notification = custom_notification(parts);
        // SAFETY: `pdo` is the device's PDO (valid while the device exists);
        // the structure is complete and the routine copies it before
        // returning; IRQL <= DISPATCH_LEVEL.
        let status = unsafe {
            IoReportTargetDeviceChangeAsynchronous(
                self.pdo,
                core::ptr::addr_of_mut!(notification).cast(),
                None,
                core::ptr::null_mut(),
            )
        };
        if status < 0 {
            crate::driver::trace(DPFLTR_ERROR_LEVEL, c"notification not sent", status);
        }
    }
}

/// A `TARGET_DEVICE_CUSTOM_NOTIFICATION` without custom data, as the class
/// driver builds it: version 1, size up to `CustomDataBuffer`, no file
/// object, no name.
fn custom_notification((d1, d2, d3, d4): GuidParts) -> TARGET_DEVICE_CUSTOM_NOTIFICATION {
    const HEADER: usize = offset_of!(TARGET_DEVICE_CUSTOM_NOTIFICATION, CustomDataBuffer);
    const _: () = assert!(HEADER < size_of::<TARGET_DEVICE_CUSTOM_NOTIFICATION>());
    TARGET_DEVICE_CUSTOM_NOTIFICATION {
        Version: 1,
        Size: HEADER as USHORT,
        Event: GUID {
            Data1: d1,
            Data2: d2,
            Data3: d3,
            Data4: d4,
        },
        FileObject: core::ptr::null_mut(),
        NameBufferOffset: -1,
        CustomDataBuffer: [0; 1],
    }
}
