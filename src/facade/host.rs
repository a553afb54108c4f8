//! The model behind the facade: WDF objects, requests, MDLs and the driver
//! below the filter, plus the harness tests drive ([`load`], [`Dev`]).
//!
//! The model plays the framework and the I/O manager synchronously: a
//! request sent down is executed by the [`Lower`] before `WdfRequestSend`
//! returns. It checks, and records as violations (per thread, see
//! [`take_violations`]):
//! - every presented request completes exactly once, never while the lower
//!   driver owns it, never with Information beyond the caller's buffer for
//!   a non-error status; a driver-created request is deleted, not completed,
//!   and without an MDL still attached to its IRP;
//! - object attributes were initialised (`Size`, execution level, scope);
//! - every SRB: length, function, CDB length, `NO_QUEUE_FREEZE`, direction
//!   flag against the IOCTL code, `OriginalRequest` = the IRP, a sense
//!   buffer, `DataBuffer` inside the MDL the IRP carries;
//! - MDLs: partial MDLs inside their source, `MmBuildMdlForNonPagedPool`
//!   only over non-paged memory, every MDL freed (see [`live_mdls`]);
//! - notifications: version, size, no file object, no name.

use core::cell::{Cell, RefCell};
use core::ffi::{c_char, CStr};
use core::mem::{offset_of, size_of};
use core::ptr::null_mut;
use core::sync::atomic::{AtomicBool, Ordering};

use std::alloc::{alloc_zeroed, Layout};
use std::boxed::Box;
use std::collections::BTreeSet;
use std::format;
use std::string::String;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::vec::Vec;

use cdfilter_core::port::{Cdb, Command, DataPhase, PortResult, SENSE_LEN};

use super::{
    _WDF_REQUEST_PARAMETERS__bindgen_ty_1__bindgen_ty_2,
    _WDF_REQUEST_PARAMETERS__bindgen_ty_1__bindgen_ty_4, _MODE, _POOL_TYPE, _WDF_EXECUTION_LEVEL,
    _WDF_IO_QUEUE_DISPATCH_TYPE, _WDF_MEMORY_DESCRIPTOR_TYPE, _WDF_REQUEST_SEND_OPTIONS_FLAGS,
    _WDF_REQUEST_TYPE, BOOLEAN, CSHORT, KPROCESSOR_MODE, MDL, NTSTATUS, PCSTR, PCUNICODE_STRING,
    PCWDF_OBJECT_CONTEXT_TYPE_INFO, PDEVICE_CHANGE_COMPLETE_CALLBACK, PDEVICE_OBJECT,
    PDRIVER_OBJECT, PFN_WDF_DEVICE_FILE_CREATE, PFN_WDF_DEVICE_SELF_MANAGED_IO_INIT,
    PFN_WDF_DRIVER_DEVICE_ADD, PFN_WDF_FILE_CLEANUP, PFN_WDF_FILE_CLOSE,
    PFN_WDF_IO_QUEUE_IO_DEVICE_CONTROL, PFN_WDF_IO_QUEUE_IO_READ, PFN_WDF_IO_QUEUE_IO_WRITE,
    PFN_WDF_REQUEST_COMPLETION_ROUTINE, PIRP, PLARGE_INTEGER, PLONGLONG, PMDL, POOL_TYPE,
    PULONG_PTR, PVOID, PWDFDEVICE_INIT, PWDF_DRIVER_CONFIG, PWDF_FILEOBJECT_CONFIG,
    PWDF_IO_QUEUE_CONFIG, PWDF_MEMORY_DESCRIPTOR, PWDF_OBJECT_ATTRIBUTES,
    PWDF_PNPPOWER_EVENT_CALLBACKS, PWDF_REQUEST_PARAMETERS, PWDF_REQUEST_SEND_OPTIONS,
    TARGET_DEVICE_CUSTOM_NOTIFICATION, ULONG, ULONG_PTR, UNICODE_STRING, WDFCONTEXT, WDFDEVICE,
    WDFDRIVER, WDFFILEOBJECT, WDFIOTARGET, WDFMEMORY, WDFOBJECT, WDFQUEUE, WDFREQUEST, WDFWAITLOCK,
    WDF_DRIVER_CONFIG, WDF_EXECUTION_LEVEL, WDF_FILEOBJECT_CLASS, WDF_FILEOBJECT_CONFIG,
    WDF_IO_QUEUE_CONFIG, WDF_IO_QUEUE_DISPATCH_TYPE, WDF_OBJECT_ATTRIBUTES,
    WDF_REQUEST_COMPLETION_PARAMS, WDF_REQUEST_PARAMETERS, WDF_REQUEST_SEND_OPTIONS, WDF_TRI_STATE,
};
use crate::srb::{self, GuidParts, ScsiRequestBlock};

const STATUS_SUCCESS: NTSTATUS = 0;
const STATUS_BUFFER_TOO_SMALL: NTSTATUS = 0xC000_0023_u32 as i32;
const STATUS_INVALID_DEVICE_REQUEST: NTSTATUS = 0xC000_0010_u32 as i32;
const STATUS_INVALID_PARAMETER: NTSTATUS = 0xC000_000D_u32 as i32;
const STATUS_IO_DEVICE_ERROR: NTSTATUS = 0xC000_0185_u32 as i32;
const MDL_MAPPED_TO_SYSTEM_VA: CSHORT = 0x0001;
const MDL_SOURCE_IS_NONPAGED_POOL: CSHORT = 0x0004;
const MDL_PARTIAL: CSHORT = 0x0010;
/// Where the model pretends callers' buffers live in user space: never
/// dereferenced, and an address no host allocation can have (just above
/// x86-64's 47-bit user half), so an SRB's DataBuffer is the caller's own
/// address exactly when it is at or above this. (A Windows-looking value
/// such as 0x7ff6_0000_0000 sits inside the host's own mmap range, where the
/// glue's bounce buffer landed now and then.)
const USER_SPACE: usize = 0x0000_8000_0000_0000;
const PAGE: usize = 4096;

/// What sits below the filter: cdrom.sys and the port driver.
pub trait Lower: Send {
    /// IRP_MJ_CREATE.
    fn create(&mut self) -> NTSTATUS {
        STATUS_SUCCESS
    }
    /// One SRB's command (IRP_MJ_SCSI).
    fn scsi(&mut self, cmd: Command<'_>) -> PortResult;
    /// A forwarded or the filter's own IRP_MJ_DEVICE_CONTROL.
    fn device_control(&mut self, code: u32, input: &[u8], output: &mut [u8]) -> (NTSTATUS, usize);
    /// A forwarded IRP_MJ_READ.
    fn read(&mut self, offset: u64, out: &mut [u8]) -> (NTSTATUS, usize);
    /// A forwarded IRP_MJ_WRITE.
    fn write(&mut self, offset: u64, data: &[u8]) -> (NTSTATUS, usize) {
        let _ = (offset, data);
        (STATUS_INVALID_DEVICE_REQUEST, 0)
    }
}

std::thread_local! {
    static VIOLATIONS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static LIVE_MDLS: Cell<i64> = const { Cell::new(0) };
    static DELAYS: RefCell<Vec<i64>> = const { RefCell::new(Vec::new()) };
    static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static LAST_DRIVER: Cell<usize> = const { Cell::new(0) };
    static SRBS: RefCell<Vec<SrbSeen>> = const { RefCell::new(Vec::new()) };
    static LAST_DEVICE: Cell<usize> = const { Cell::new(0) };
}

/// What the port driver saw of one SRB.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SrbSeen {
    /// The CDB.
    pub cdb: Vec<u8>,
    /// `IOCTL_SCSI_EXECUTE_*`.
    pub ioctl: u32,
    /// `SrbFlags`.
    pub flags: u32,
    /// `TimeOutValue`.
    pub timeout: u32,
    /// `DataTransferLength` as sent.
    pub length: u32,
    /// `DataBuffer` is a user-space address (the caller's own buffer).
    pub user_buffer: bool,
    /// The MDL in `Irp->MdlAddress` is a partial MDL.
    pub partial_mdl: bool,
}

/// SRBs executed on this thread since the last call.
pub fn take_srbs() -> Vec<SrbSeen> {
    SRBS.with(|v| core::mem::take(&mut *v.borrow_mut()))
}

static OBJECTS: Mutex<BTreeSet<usize>> = Mutex::new(BTreeSet::new());
static MDLS: Mutex<BTreeSet<usize>> = Mutex::new(BTreeSet::new());
static NONPAGED: Mutex<Vec<(usize, usize)>> = Mutex::new(Vec::new());

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn violation(what: impl Into<String>) {
    VIOLATIONS.with(|v| v.borrow_mut().push(what.into()));
}

/// Violations recorded on this thread since the last call.
pub fn take_violations() -> Vec<String> {
    VIOLATIONS.with(|v| core::mem::take(&mut *v.borrow_mut()))
}

/// MDLs allocated and not yet freed on this thread.
pub fn live_mdls() -> i64 {
    LIVE_MDLS.with(Cell::get)
}

/// `KeDelayExecutionThread` intervals (100 ns, negative = relative) on this
/// thread since the last call.
pub fn take_delays() -> Vec<i64> {
    DELAYS.with(|v| core::mem::take(&mut *v.borrow_mut()))
}

/// `DbgPrintEx` lines on this thread since the last call.
pub fn take_log() -> Vec<String> {
    LOG.with(|v| core::mem::take(&mut *v.borrow_mut()))
}

/// The model's device object (`PDEVICE_OBJECT` points at one): the PDO that
/// receives PnP notifications.
pub struct Pdo {
    events: Mutex<Vec<GuidParts>>,
}

/// The model's IRP: the one field the glue writes, and its request.
#[repr(C)]
pub struct Irp {
    /// `Irp->MdlAddress`.
    pub MdlAddress: PMDL,
    request: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Major {
    Create,
    DeviceControl(u32),
    Read,
    Write,
    /// Created by the driver (WdfRequestCreate).
    Created,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Format {
    None,
    CurrentType,
    Others { code: u32, arg1: usize },
}

struct RequestMut {
    completions: u32,
    status: NTSTATUS,
    information: u64,
    format: Format,
    routine: PFN_WDF_REQUEST_COMPLETION_ROUTINE,
    below: bool,
}

struct RequestState {
    device: usize,
    major: Major,
    in_len: usize,
    out_len: usize,
    offset: i64,
    /// System buffer (buffered IOCTL) or input buffer (direct IOCTL).
    system: (usize, usize),
    /// The caller's pages (direct IOCTL output, read, write), mapped.
    data: (usize, usize),
    /// The MDL describing `data`.
    mdl: usize,
    file: usize,
    irp: usize,
    st: Mutex<RequestMut>,
}

struct LockState {
    held: Mutex<bool>,
    cv: Condvar,
}

struct InitState {
    filter: bool,
    file_config: Option<FileConfig>,
    file_context: usize,
    self_managed_io_init: PFN_WDF_DEVICE_SELF_MANAGED_IO_INIT,
    lower: Option<Box<dyn Lower>>,
}

#[derive(Clone, Copy)]
struct FileConfig {
    create: PFN_WDF_DEVICE_FILE_CREATE,
    cleanup: PFN_WDF_FILE_CLEANUP,
    close: PFN_WDF_FILE_CLOSE,
    auto_forward: WDF_TRI_STATE,
    class: WDF_FILEOBJECT_CLASS,
}

#[derive(Clone, Copy)]
struct QueueState {
    device: usize,
    dispatch: WDF_IO_QUEUE_DISPATCH_TYPE,
    presented: ULONG,
    execution_level: WDF_EXECUTION_LEVEL,
    default: bool,
    zero_length: bool,
    read: PFN_WDF_IO_QUEUE_IO_READ,
    write: PFN_WDF_IO_QUEUE_IO_WRITE,
    device_control: PFN_WDF_IO_QUEUE_IO_DEVICE_CONTROL,
}

struct DeviceState {
    lower: Mutex<Box<dyn Lower>>,
    filter: bool,
    file_config: Option<FileConfig>,
    file_context: usize,
    self_managed_io_init: PFN_WDF_DEVICE_SELF_MANAGED_IO_INIT,
    queue: Mutex<Option<QueueState>>,
    queue_handle: Mutex<usize>,
    target: Mutex<usize>,
    pdo: usize,
}

enum Kind {
    Driver(PFN_WDF_DRIVER_DEVICE_ADD),
    Device(DeviceState),
    Queue(QueueState),
    /// `wow64`: opened by a 32-bit process.
    File {
        device: usize,
        wow64: bool,
    },
    Target {
        device: usize,
    },
    Lock(LockState),
    Memory {
        ptr: usize,
        len: usize,
    },
    Request(RequestState),
}

struct Object {
    kind: Kind,
    parent: usize,
    context: Option<(usize, usize)>,
    deleted: AtomicBool,
}

// SAFETY: the function pointers and addresses an object holds are plain
// values; every mutable part is behind a Mutex or an atomic.
unsafe impl Sync for Object {}
// SAFETY: as above.
unsafe impl Send for Object {}

fn new_object(kind: Kind, attrs: PWDF_OBJECT_ATTRIBUTES) -> usize {
    let mut parent = 0;
    let mut context = None;
    // SAFETY: the glue passes attributes it owns, or null.
    if let Some(a) = unsafe { attrs.as_ref() } {
        if a.Size as usize != size_of::<WDF_OBJECT_ATTRIBUTES>() {
            violation("WDF_OBJECT_ATTRIBUTES.Size is not sizeof(WDF_OBJECT_ATTRIBUTES)");
        }
        if a.ExecutionLevel == 0 || a.SynchronizationScope == 0 {
            violation("WDF_OBJECT_ATTRIBUTES not initialised (execution level or scope invalid)");
        }
        parent = a.ParentObject.addr();
        // SAFETY: a type description is a 'static the glue declared.
        if let Some(info) = unsafe { a.ContextTypeInfo.as_ref() } {
            let layout = Layout::from_size_align(info.ContextSize.max(1), 16)
                .unwrap_or(Layout::new::<u128>());
            // SAFETY: a non-zero size; the memory is leaked like the object.
            let memory = unsafe { alloc_zeroed(layout) };
            context = Some((core::ptr::from_ref(info).addr(), memory.addr()));
        }
    }
    let object = Box::leak(Box::new(Object {
        kind,
        parent,
        context,
        deleted: AtomicBool::new(false),
    }));
    let handle = core::ptr::from_ref::<Object>(object).addr();
    lock(&OBJECTS).insert(handle);
    handle
}

/// The object behind a handle. Panics on a handle the model never made.
fn object(handle: usize) -> &'static Object {
    assert!(
        lock(&OBJECTS).contains(&handle),
        "not a WDF handle: {handle:#x}"
    );
    // SAFETY: the handle is the address of a leaked, never freed Object.
    let object = unsafe { &*(handle as *const Object) };
    if object.deleted.load(Ordering::Acquire) {
        violation(format!("use of deleted object {handle:#x}"));
    }
    object
}

fn device_of(handle: usize) -> &'static DeviceState {
    match &object(handle).kind {
        Kind::Device(d) => d,
        _ => panic!("not a WDFDEVICE: {handle:#x}"),
    }
}

fn request_of(handle: usize) -> &'static RequestState {
    match &object(handle).kind {
        Kind::Request(r) => r,
        _ => panic!("not a WDFREQUEST: {handle:#x}"),
    }
}

/// A leaked zeroed buffer of `len` bytes (never null).
fn buffer(len: usize, fill: u8) -> (usize, usize) {
    let memory = Box::leak(std::vec![fill; len.max(1)].into_boxed_slice());
    (memory.as_mut_ptr().addr(), len)
}

/// # Safety
///
/// `(ptr, len)` came from [`buffer`] and nothing else uses it meanwhile.
unsafe fn bytes<'a>((ptr, len): (usize, usize)) -> &'a mut [u8] {
    if ptr == 0 || len == 0 {
        return &mut [];
    }
    // SAFETY: a leaked allocation of at least `len` bytes (caller).
    unsafe { core::slice::from_raw_parts_mut(ptr as *mut u8, len) }
}

// ---- driver and device creation ----

pub(super) fn driver_create(
    _driver: PDRIVER_OBJECT,
    _registry: PCUNICODE_STRING,
    attrs: PWDF_OBJECT_ATTRIBUTES,
    config: PWDF_DRIVER_CONFIG,
    out: *mut WDFDRIVER,
) -> NTSTATUS {
    // SAFETY: the glue's config structure.
    let config = unsafe { &*config };
    if config.Size as usize != size_of::<WDF_DRIVER_CONFIG>() {
        violation("WDF_DRIVER_CONFIG.Size");
    }
    let handle = new_object(Kind::Driver(config.EvtDriverDeviceAdd), attrs);
    LAST_DRIVER.with(|d| d.set(handle));
    // SAFETY: an out-pointer of the glue, or null.
    if let Some(out) = unsafe { out.as_mut() } {
        *out = handle as WDFDRIVER;
    }
    STATUS_SUCCESS
}

fn init(init: PWDFDEVICE_INIT) -> MutexGuard<'static, InitState> {
    // SAFETY: the harness made `init` from a leaked Mutex<InitState>.
    lock(unsafe { &*init.cast::<Mutex<InitState>>() })
}

pub(super) fn init_set_filter(device_init: PWDFDEVICE_INIT) {
    init(device_init).filter = true;
}

pub(super) fn init_set_file_object_config(
    device_init: PWDFDEVICE_INIT,
    config: PWDF_FILEOBJECT_CONFIG,
    attrs: PWDF_OBJECT_ATTRIBUTES,
) {
    // SAFETY: the glue's structure.
    let config = unsafe { &*config };
    // SAFETY: as above.
    let attrs = unsafe { &*attrs };
    if config.Size as usize != size_of::<WDF_FILEOBJECT_CONFIG>() {
        violation("WDF_FILEOBJECT_CONFIG.Size");
    }
    let mut state = init(device_init);
    state.file_config = Some(FileConfig {
        create: config.EvtDeviceFileCreate,
        cleanup: config.EvtFileCleanup,
        close: config.EvtFileClose,
        auto_forward: config.AutoForwardCleanupClose,
        class: config.FileObjectClass,
    });
    state.file_context = attrs.ContextTypeInfo.addr();
}

pub(super) fn init_set_pnp_power(
    device_init: PWDFDEVICE_INIT,
    callbacks: PWDF_PNPPOWER_EVENT_CALLBACKS,
) {
    // SAFETY: the glue's structure.
    let callbacks = unsafe { &*callbacks };
    init(device_init).self_managed_io_init = callbacks.EvtDeviceSelfManagedIoInit;
}

pub(super) fn device_create(
    device_init: *mut PWDFDEVICE_INIT,
    attrs: PWDF_OBJECT_ATTRIBUTES,
    out: *mut WDFDEVICE,
) -> NTSTATUS {
    // SAFETY: the glue passes the address of its PWDFDEVICE_INIT variable.
    let init_ptr = unsafe { &mut *device_init };
    let mut state = init(*init_ptr);
    let Some(lower) = state.lower.take() else {
        violation("WdfDeviceCreate called twice with one WDFDEVICE_INIT");
        return STATUS_INVALID_DEVICE_REQUEST;
    };
    let pdo = Box::leak(Box::new(Pdo {
        events: Mutex::new(Vec::new()),
    }));
    let device = new_object(
        Kind::Device(DeviceState {
            lower: Mutex::new(lower),
            filter: state.filter,
            file_config: state.file_config,
            file_context: state.file_context,
            self_managed_io_init: state.self_managed_io_init,
            queue: Mutex::new(None),
            queue_handle: Mutex::new(0),
            target: Mutex::new(0),
            pdo: core::ptr::from_mut(pdo).addr(),
        }),
        attrs,
    );
    LAST_DEVICE.with(|d| d.set(device));
    let target = new_object(Kind::Target { device }, null_mut());
    *lock(&device_of(device).target) = target;
    drop(state);
    // WdfDeviceCreate sets the caller's pointer to NULL on success.
    *init_ptr = null_mut();
    // SAFETY: the glue's out-pointer.
    unsafe { *out = device as WDFDEVICE };
    STATUS_SUCCESS
}

pub(super) fn object_context(handle: WDFOBJECT, info: PCWDF_OBJECT_CONTEXT_TYPE_INFO) -> PVOID {
    match object(handle.addr()).context {
        Some((ty, memory)) if ty == info.addr() => memory as PVOID,
        _ => {
            violation("WdfObjectGetTypedContextWorker: the object has no context of this type");
            null_mut()
        }
    }
}

pub(super) fn object_delete(handle: WDFOBJECT) {
    let object = object(handle.addr());
    if let Kind::Request(r) = &object.kind {
        // SAFETY: the request's IRP lives as long as the request.
        if !unsafe { &*(r.irp as *const Irp) }.MdlAddress.is_null() {
            violation("request deleted with an MDL still in Irp->MdlAddress");
        }
        if r.major != Major::Created {
            violation("WdfObjectDelete on a presented request");
        }
    }
    object.deleted.store(true, Ordering::Release);
    // Children (the SRB's memory object) go with their parent.
    let children: Vec<usize> = lock(&OBJECTS)
        .iter()
        .copied()
        .filter(|&h| h != handle.addr())
        .collect();
    for child in children {
        // SAFETY: registered handles are leaked, never freed Objects.
        let child = unsafe { &*(child as *const Object) };
        if child.parent == handle.addr() {
            child.deleted.store(true, Ordering::Release);
        }
    }
}

pub(super) fn device_io_target(device: WDFDEVICE) -> WDFIOTARGET {
    *lock(&device_of(device.addr()).target) as WDFIOTARGET
}

pub(super) fn device_pdo(device: WDFDEVICE) -> PDEVICE_OBJECT {
    device_of(device.addr()).pdo as PDEVICE_OBJECT
}

pub(super) fn queue_create(
    device: WDFDEVICE,
    config: PWDF_IO_QUEUE_CONFIG,
    attrs: PWDF_OBJECT_ATTRIBUTES,
    out: *mut WDFQUEUE,
) -> NTSTATUS {
    // SAFETY: the glue's structure.
    let config = unsafe { &*config };
    // SAFETY: as above.
    let attributes = unsafe { &*attrs };
    if config.Size as usize != size_of::<WDF_IO_QUEUE_CONFIG>() {
        violation("WDF_IO_QUEUE_CONFIG.Size");
    }
    // SAFETY: every arm of the union is a ULONG at offset 0.
    let presented = unsafe { config.Settings.Parallel.NumberOfPresentedRequests };
    let state = QueueState {
        device: device.addr(),
        dispatch: config.DispatchType,
        presented,
        execution_level: attributes.ExecutionLevel,
        default: config.DefaultQueue != 0,
        zero_length: config.AllowZeroLengthRequests != 0,
        read: config.EvtIoRead,
        write: config.EvtIoWrite,
        device_control: config.EvtIoDeviceControl,
    };
    if state.dispatch == _WDF_IO_QUEUE_DISPATCH_TYPE::WdfIoQueueDispatchParallel && presented == 0 {
        violation(
            "parallel queue with NumberOfPresentedRequests 0 (WDF_IO_QUEUE_CONFIG_INIT sets -1)",
        );
    }
    let queue = new_object(Kind::Queue(state), attrs);
    let dev = device_of(device.addr());
    if state.default {
        *lock(&dev.queue) = Some(state);
        *lock(&dev.queue_handle) = queue;
    }
    // SAFETY: the glue's out-pointer.
    unsafe { *out = queue as WDFQUEUE };
    STATUS_SUCCESS
}

pub(super) fn owner_device(handle: WDFOBJECT) -> WDFDEVICE {
    match &object(handle.addr()).kind {
        Kind::Queue(q) => q.device as WDFDEVICE,
        Kind::File { device, .. } | Kind::Target { device } => *device as WDFDEVICE,
        _ => panic!("object without a device: {:#x}", handle.addr()),
    }
}

// ---- wait locks ----

pub(super) fn wait_lock_create(attrs: PWDF_OBJECT_ATTRIBUTES, out: *mut WDFWAITLOCK) -> NTSTATUS {
    let lock_object = new_object(
        Kind::Lock(LockState {
            held: Mutex::new(false),
            cv: Condvar::new(),
        }),
        attrs,
    );
    // SAFETY: the glue's out-pointer.
    unsafe { *out = lock_object as WDFWAITLOCK };
    STATUS_SUCCESS
}

fn lock_state(handle: WDFWAITLOCK) -> &'static LockState {
    match &object(handle.addr()).kind {
        Kind::Lock(l) => l,
        _ => panic!("not a WDFWAITLOCK"),
    }
}

pub(super) fn wait_lock_acquire(handle: WDFWAITLOCK, timeout: PLONGLONG) -> NTSTATUS {
    if !timeout.is_null() {
        violation("wait lock acquired with a timeout the glue does not expect");
    }
    let state = lock_state(handle);
    let mut held = lock(&state.held);
    while *held {
        held = state.cv.wait(held).unwrap_or_else(PoisonError::into_inner);
    }
    *held = true;
    STATUS_SUCCESS
}

pub(super) fn wait_lock_release(handle: WDFWAITLOCK) {
    let state = lock_state(handle);
    let mut held = lock(&state.held);
    if !*held {
        violation("release of a wait lock that is not held");
    }
    *held = false;
    state.cv.notify_one();
}

// ---- requests ----

pub(super) fn request_buffer(
    request: WDFREQUEST,
    output: bool,
    minimum: usize,
    out_ptr: *mut PVOID,
    out_len: *mut usize,
) -> NTSTATUS {
    let r = request_of(request.addr());
    let (memory, len) = match (r.major, output) {
        (Major::DeviceControl(code), _) => {
            let len = if output { r.out_len } else { r.in_len };
            match (code & 3, output) {
                (0, _) => (r.system.0, len),
                (3, _) => return STATUS_INVALID_DEVICE_REQUEST,
                (_, false) => (r.system.0, len),
                (_, true) => (r.data.0, len),
            }
        }
        (Major::Read, true) | (Major::Write, false) => (r.data.0, r.data.1),
        _ => return STATUS_INVALID_DEVICE_REQUEST,
    };
    if len == 0 || len < minimum {
        return STATUS_BUFFER_TOO_SMALL;
    }
    // SAFETY: the glue's out-pointers.
    unsafe { *out_ptr = memory as PVOID };
    // SAFETY: as above.
    unsafe { *out_len = len };
    STATUS_SUCCESS
}

pub(super) fn request_output_mdl(request: WDFREQUEST, out: *mut PMDL) -> NTSTATUS {
    let r = request_of(request.addr());
    if r.mdl == 0 {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    // SAFETY: the glue's out-pointer.
    unsafe { *out = r.mdl as PMDL };
    STATUS_SUCCESS
}

pub(super) fn request_file_object(request: WDFREQUEST) -> WDFFILEOBJECT {
    request_of(request.addr()).file as WDFFILEOBJECT
}

/// TRUE for a request of a handle a 32-bit process opened; a request
/// without a file object is the kernel's own (64-bit).
pub(super) fn request_is_from_32bit(request: WDFREQUEST) -> BOOLEAN {
    let file = request_of(request.addr()).file;
    if file == 0 {
        return 0;
    }
    if let Kind::File { wow64, .. } = object(file).kind {
        BOOLEAN::from(wow64)
    } else {
        violation("request with a file object that is not one");
        0
    }
}

#[expect(
    clippy::used_underscore_items,
    reason = "bindgen's names of the anonymous arms"
)]
pub(super) fn request_parameters(request: WDFREQUEST, params: PWDF_REQUEST_PARAMETERS) {
    let r = request_of(request.addr());
    // SAFETY: the glue's structure.
    let params = unsafe { &mut *params };
    if usize::from(params.Size) != size_of::<WDF_REQUEST_PARAMETERS>() {
        violation("WDF_REQUEST_PARAMETERS.Size");
    }
    let rw = _WDF_REQUEST_PARAMETERS__bindgen_ty_1__bindgen_ty_2 {
        Length: r.data.1,
        Key: 0,
        DeviceOffset: r.offset,
    };
    match r.major {
        Major::Read => {
            params.Type = _WDF_REQUEST_TYPE::WdfRequestTypeRead;
            params.Parameters.Read = rw;
        }
        Major::Write => {
            params.Type = _WDF_REQUEST_TYPE::WdfRequestTypeWrite;
            params.Parameters.Write = rw;
        }
        Major::DeviceControl(code) => {
            params.Type = _WDF_REQUEST_TYPE::WdfRequestTypeDeviceControl;
            params.Parameters.DeviceIoControl =
                _WDF_REQUEST_PARAMETERS__bindgen_ty_1__bindgen_ty_4 {
                    OutputBufferLength: r.out_len,
                    InputBufferLength: r.in_len,
                    IoControlCode: code,
                    Type3InputBuffer: null_mut(),
                };
        }
        Major::Create | Major::Created => params.Type = _WDF_REQUEST_TYPE::WdfRequestTypeCreate,
    }
}

pub(super) fn request_complete(request: WDFREQUEST, status: NTSTATUS, information: ULONG_PTR) {
    let r = request_of(request.addr());
    let mut st = lock(&r.st);
    st.completions += 1;
    if st.completions > 1 {
        violation("request completed twice");
    }
    if st.below {
        violation("request completed while the lower driver owns it");
    }
    if r.major == Major::Created {
        violation("a driver-created request was completed (it must be deleted)");
    }
    st.status = status;
    st.information = information;
}

pub(super) fn request_format_current(request: WDFREQUEST) {
    lock(&request_of(request.addr()).st).format = Format::CurrentType;
}

pub(super) fn request_set_completion(
    request: WDFREQUEST,
    routine: PFN_WDF_REQUEST_COMPLETION_ROUTINE,
    context: WDFCONTEXT,
) {
    if !context.is_null() {
        violation("completion context the glue does not expect");
    }
    lock(&request_of(request.addr()).st).routine = routine;
}

pub(super) fn request_status(request: WDFREQUEST) -> (NTSTATUS, ULONG_PTR) {
    let st = lock(&request_of(request.addr()).st);
    (st.status, st.information)
}

fn new_request(device: usize, major: Major, file: usize) -> RequestState {
    let irp = Box::leak(Box::new(Irp {
        MdlAddress: null_mut(),
        request: 0,
    }));
    RequestState {
        device,
        major,
        in_len: 0,
        out_len: 0,
        offset: 0,
        system: (0, 0),
        data: (0, 0),
        mdl: 0,
        file,
        irp: core::ptr::from_mut(irp).addr(),
        st: Mutex::new(RequestMut {
            completions: 0,
            status: 0,
            information: 0,
            format: Format::None,
            routine: None,
            below: false,
        }),
    }
}

fn register_request(state: RequestState, attrs: PWDF_OBJECT_ATTRIBUTES) -> usize {
    let irp = state.irp;
    let handle = new_object(Kind::Request(state), attrs);
    // SAFETY: the IRP was leaked by `new_request` and is only reached
    // through its request.
    unsafe { (*(irp as *mut Irp)).request = handle };
    handle
}

pub(super) fn request_create(
    attrs: PWDF_OBJECT_ATTRIBUTES,
    target: WDFIOTARGET,
    out: *mut WDFREQUEST,
) -> NTSTATUS {
    let device = owner_device(target.cast()).addr();
    let handle = register_request(new_request(device, Major::Created, 0), attrs);
    // SAFETY: the glue's out-pointer.
    unsafe { *out = handle as WDFREQUEST };
    STATUS_SUCCESS
}

pub(super) fn request_irp(request: WDFREQUEST) -> PIRP {
    request_of(request.addr()).irp as PIRP
}

pub(super) fn memory_create(
    attrs: PWDF_OBJECT_ATTRIBUTES,
    pool: POOL_TYPE,
    _tag: ULONG,
    size: usize,
    out: *mut WDFMEMORY,
    buffer_out: *mut PVOID,
) -> NTSTATUS {
    if pool != _POOL_TYPE::NonPagedPoolNx {
        violation("WdfMemoryCreate: not NonPagedPoolNx");
    }
    let layout = Layout::from_size_align(size.max(1), PAGE).unwrap_or(Layout::new::<u128>());
    // SAFETY: a non-zero size; leaked like every model allocation.
    let memory = unsafe { alloc_zeroed(layout) }.addr();
    lock(&NONPAGED).push((memory, size));
    let handle = new_object(
        Kind::Memory {
            ptr: memory,
            len: size,
        },
        attrs,
    );
    // SAFETY: the glue's out-pointers.
    unsafe { *out = handle as WDFMEMORY };
    // SAFETY: as above.
    unsafe { *buffer_out = memory as PVOID };
    STATUS_SUCCESS
}

pub(super) fn memory_create_preallocated(
    attrs: PWDF_OBJECT_ATTRIBUTES,
    buffer_in: PVOID,
    size: usize,
    out: *mut WDFMEMORY,
) -> NTSTATUS {
    let handle = new_object(
        Kind::Memory {
            ptr: buffer_in.addr(),
            len: size,
        },
        attrs,
    );
    // SAFETY: the glue's out-pointer.
    unsafe { *out = handle as WDFMEMORY };
    STATUS_SUCCESS
}

pub(super) fn format_internal_others(
    _target: WDFIOTARGET,
    request: WDFREQUEST,
    code: ULONG,
    arg1: WDFMEMORY,
    unused_args_null: [bool; 2],
    offsets_null: [bool; 3],
) -> NTSTATUS {
    if unused_args_null.contains(&false) || offsets_null.contains(&false) {
        violation("unexpected OtherArg2/OtherArg4 or offsets");
    }
    let Kind::Memory { ptr, len } = object(arg1.addr()).kind else {
        violation("OtherArg1 is not a WDFMEMORY");
        return STATUS_INVALID_PARAMETER;
    };
    if len != size_of::<ScsiRequestBlock>() {
        violation("OtherArg1 is not an SRB-sized memory object");
    }
    lock(&request_of(request.addr()).st).format = Format::Others { code, arg1: ptr };
    STATUS_SUCCESS
}

pub(super) fn request_send(
    request: WDFREQUEST,
    target: WDFIOTARGET,
    options: PWDF_REQUEST_SEND_OPTIONS,
) -> BOOLEAN {
    let r = request_of(request.addr());
    let dev = device_of(r.device);
    if target.addr() != *lock(&dev.target) {
        violation("request sent to a target that is not the device's");
    }
    // SAFETY: the glue's options, or null.
    let flags = unsafe { options.as_ref() }.map_or(0, |o| {
        if o.Size as usize != size_of::<WDF_REQUEST_SEND_OPTIONS>() {
            violation("WDF_REQUEST_SEND_OPTIONS.Size");
        }
        o.Flags
    });
    let synchronous =
        flags & _WDF_REQUEST_SEND_OPTIONS_FLAGS::WDF_REQUEST_SEND_OPTION_SYNCHRONOUS as u32 != 0;
    let format = {
        let mut st = lock(&r.st);
        st.below = true;
        st.format
    };
    let (status, information) = match (format, r.major) {
        (Format::None, _) => {
            violation("request sent without being formatted");
            (STATUS_INVALID_DEVICE_REQUEST, 0)
        }
        (Format::Others { code, arg1 }, _) => (execute_srb(dev, r, code, arg1), 0),
        (Format::CurrentType, _) => pass_down(dev, r),
    };
    let routine = {
        let mut st = lock(&r.st);
        st.below = false;
        st.status = status;
        st.information = information;
        st.routine
    };
    if synchronous {
        return 1;
    }
    match routine {
        Some(routine) => {
            let mut params = WDF_REQUEST_COMPLETION_PARAMS {
                Size: size_of::<WDF_REQUEST_COMPLETION_PARAMS>() as ULONG,
                Type: 0,
            };
            // SAFETY: the glue's completion routine, called as the framework
            // calls it once the lower driver completed the request.
            unsafe { routine(request, target, &raw mut params, null_mut()) };
        }
        None => violation("asynchronous send without a completion routine"),
    }
    1
}

/// The lower driver executes a forwarded request unchanged.
fn pass_down(dev: &DeviceState, r: &RequestState) -> (NTSTATUS, u64) {
    let mut lower = lock(&dev.lower);
    let (status, information) = match r.major {
        Major::Create => (lower.create(), 0),
        Major::DeviceControl(code) => match code & 3 {
            0 => {
                // SAFETY: the system buffer; the filter holds no slice over
                // it once it forwarded the request.
                let system = unsafe { bytes(r.system) };
                let input = system.get(..r.in_len).unwrap_or(&[]).to_vec();
                let output = system.get_mut(..r.out_len).unwrap_or(&mut []);
                lower.device_control(code, &input, output)
            }
            3 => lower.device_control(code, &[], &mut []),
            _ => {
                // SAFETY: as above, the input buffer.
                let input = unsafe { bytes(r.system) };
                // SAFETY: as above, the caller's pages.
                let output = unsafe { bytes(r.data) };
                lower.device_control(code, input.get(..r.in_len).unwrap_or(&[]), output)
            }
        },
        // SAFETY: as above, the caller's pages.
        Major::Read => lower.read(r.offset as u64, unsafe { bytes(r.data) }),
        // SAFETY: as above.
        Major::Write => lower.write(r.offset as u64, unsafe { bytes(r.data) }),
        Major::Created => {
            violation("driver-created request sent with the current type");
            (STATUS_INVALID_DEVICE_REQUEST, 0)
        }
    };
    (status, information as u64)
}

/// The port driver executes an SRB (`IRP_MJ_SCSI`).
fn execute_srb(dev: &DeviceState, r: &RequestState, code: u32, srb_address: usize) -> NTSTATUS {
    // SAFETY: the SRB lives in the glue's scratch block, described by the
    // request's memory object; the glue does not touch it during the send.
    let srb = unsafe { &mut *(srb_address as *mut ScsiRequestBlock) };
    // SAFETY: the request's IRP.
    let irp = unsafe { &*(r.irp as *const Irp) };
    if usize::from(srb.length) != size_of::<ScsiRequestBlock>() {
        violation("SRB.Length");
    }
    if srb.function != srb::FUNCTION_EXECUTE_SCSI {
        violation("SRB.Function");
    }
    if srb.srb_flags & srb::FLAGS_NO_QUEUE_FREEZE == 0 {
        violation("SRB without SRB_FLAGS_NO_QUEUE_FREEZE");
    }
    if srb.original_request.addr() != r.irp {
        violation("SRB.OriginalRequest is not the IRP");
    }
    if srb.sense_info_buffer.is_null() || srb.sense_info_buffer_length == 0 {
        violation("SRB without a sense buffer");
    }
    let direction = match srb.srb_flags & (srb::FLAGS_DATA_IN | srb::FLAGS_DATA_OUT) {
        0 => srb::Direction::None,
        srb::FLAGS_DATA_IN => srb::Direction::In,
        srb::FLAGS_DATA_OUT => srb::Direction::Out,
        _ => {
            violation("SRB with both data directions");
            srb::Direction::None
        }
    };
    if direction.ioctl() != code {
        violation("IOCTL_SCSI_EXECUTE_* does not match the SRB's direction");
    }
    let Some(cdb) = srb
        .cdb
        .get(..usize::from(srb.cdb_length))
        .and_then(Cdb::from_slice)
    else {
        violation("SRB.CdbLength");
        return STATUS_INVALID_PARAMETER;
    };
    let len = srb.data_transfer_length as usize;
    SRBS.with(|v| {
        v.borrow_mut().push(SrbSeen {
            cdb: cdb.as_bytes().to_vec(),
            ioctl: code,
            flags: srb.srb_flags,
            timeout: srb.time_out_value,
            length: srb.data_transfer_length,
            user_buffer: srb.data_buffer.addr() >= USER_SPACE,
            // SAFETY: an MDL the glue attached to the IRP, or null.
            partial_mdl: unsafe { irp.MdlAddress.as_ref() }
                .is_some_and(|m| m.MdlFlags & MDL_PARTIAL != 0),
        });
    });
    let data: &mut [u8] = if direction == srb::Direction::None || len == 0 {
        &mut []
    } else {
        match mapped(irp.MdlAddress, srb.data_buffer.addr(), len) {
            Some(d) => d,
            None => return STATUS_INVALID_PARAMETER,
        }
    };
    let phase = match direction {
        srb::Direction::None => DataPhase::None,
        srb::Direction::In => DataPhase::In(data),
        srb::Direction::Out => DataPhase::Out(data),
    };
    let result = lock(&dev.lower).scsi(Command {
        cdb,
        data: phase,
        timeout_secs: srb.time_out_value,
    });
    let sense_len = usize::from(result.sense_len)
        .min(usize::from(srb.sense_info_buffer_length))
        .min(SENSE_LEN);
    if sense_len > 0 {
        // SAFETY: the glue's sense buffer holds SenseInfoBufferLength bytes.
        let sense = unsafe { core::slice::from_raw_parts_mut(srb.sense_info_buffer, sense_len) };
        sense.copy_from_slice(result.sense.get(..sense_len).unwrap_or(&[]));
    }
    srb.sense_info_buffer_length = sense_len as u8;
    srb.srb_status = result.srb_status.0
        | if sense_len > 0 {
            srb::STATUS_AUTOSENSE_VALID
        } else {
            0
        };
    srb.scsi_status = result.scsi_status;
    srb.data_transfer_length = result.transferred.min(srb.data_transfer_length);
    if result.is_success() {
        STATUS_SUCCESS
    } else {
        STATUS_IO_DEVICE_ERROR
    }
}

/// The memory behind `[va, va + len)` of `mdl`, as a port driver reaches it
/// through the MDL's system mapping.
fn mapped<'a>(mdl: PMDL, va: usize, len: usize) -> Option<&'a mut [u8]> {
    // SAFETY: an MDL the glue attached to the IRP, or null.
    let Some(m) = (unsafe { mdl.as_ref() }) else {
        violation("SRB with data but no MDL in Irp->MdlAddress");
        return None;
    };
    let start = m.StartVa.addr() + m.ByteOffset as usize;
    let Some(offset) = va
        .checked_sub(start)
        .filter(|o| o + len <= m.ByteCount as usize)
    else {
        violation("SRB.DataBuffer/DataTransferLength outside the MDL");
        return None;
    };
    if m.MappedSystemVa.is_null() {
        violation("MDL without a system mapping");
        return None;
    }
    let start = m.MappedSystemVa.cast::<u8>().wrapping_add(offset);
    // SAFETY: the MDL's mapping covers ByteCount bytes (checked above), which
    // the glue does not touch while the SRB is in flight.
    Some(unsafe { core::slice::from_raw_parts_mut(start, len) })
}

pub(super) fn send_ioctl_synchronously(
    target: WDFIOTARGET,
    request: WDFREQUEST,
    code: ULONG,
    input: PWDF_MEMORY_DESCRIPTOR,
    output: PWDF_MEMORY_DESCRIPTOR,
    options: PWDF_REQUEST_SEND_OPTIONS,
    returned: PULONG_PTR,
) -> NTSTATUS {
    if !request.is_null() || !options.is_null() {
        violation("WdfIoTargetSendIoctlSynchronously with a request or options");
    }
    let device = owner_device(target.cast()).addr();
    let descriptor = |d: PWDF_MEMORY_DESCRIPTOR| -> &mut [u8] {
        // SAFETY: the glue's descriptor, or null.
        let Some(d) = (unsafe { d.as_ref() }) else {
            return &mut [];
        };
        if d.Type != _WDF_MEMORY_DESCRIPTOR_TYPE::WdfMemoryDescriptorTypeBuffer {
            violation("memory descriptor not of the buffer type");
            return &mut [];
        }
        // SAFETY: the buffer arm is the one initialised for this type.
        let b = unsafe { d.u.BufferType };
        // SAFETY: the glue's live local buffer of that length.
        unsafe { core::slice::from_raw_parts_mut(b.Buffer.cast::<u8>(), b.Length as usize) }
    };
    let (input, output) = (descriptor(input), descriptor(output));
    let (status, information) = lock(&device_of(device).lower).device_control(code, input, output);
    // SAFETY: the glue's out-pointer, or null.
    if let Some(returned) = unsafe { returned.as_mut() } {
        *returned = information as u64;
    }
    status
}

// ---- MDLs ----

pub(super) fn mdl_allocate(
    va: PVOID,
    length: ULONG,
    _secondary: BOOLEAN,
    _quota: BOOLEAN,
    irp: PIRP,
) -> PMDL {
    if !irp.is_null() {
        violation("IoAllocateMdl attaching to an IRP");
    }
    if length == 0 {
        violation("IoAllocateMdl of zero bytes");
    }
    let mdl = Box::leak(Box::new(MDL {
        Next: null_mut(),
        Size: 0,
        MdlFlags: 0,
        Process: null_mut(),
        MappedSystemVa: null_mut(),
        StartVa: (va.addr() & !(PAGE - 1)) as PVOID,
        ByteCount: length,
        ByteOffset: (va.addr() & (PAGE - 1)) as ULONG,
    }));
    let address = core::ptr::from_mut(mdl).addr();
    lock(&MDLS).insert(address);
    LIVE_MDLS.with(|n| n.set(n.get() + 1));
    address as PMDL
}

fn mdl_ref<'a>(mdl: PMDL) -> &'a mut MDL {
    // SAFETY: MDLs come from `mdl_allocate` or a request (leaked, never
    // freed while in use).
    unsafe { &mut *mdl }
}

pub(super) fn mdl_build_partial(source: PMDL, target: PMDL, va: PVOID, length: ULONG) {
    if !lock(&MDLS).contains(&target.addr()) {
        violation("IoBuildPartialMdl into an MDL not from IoAllocateMdl");
    }
    let (start, count, mapped_va) = {
        let s = mdl_ref(source);
        (
            s.StartVa.addr() + s.ByteOffset as usize,
            s.ByteCount as usize,
            s.MappedSystemVa.addr(),
        )
    };
    let Some(offset) = va
        .addr()
        .checked_sub(start)
        .filter(|o| o + length as usize <= count)
    else {
        violation("IoBuildPartialMdl outside the source MDL");
        return;
    };
    let t = mdl_ref(target);
    t.StartVa = (va.addr() & !(PAGE - 1)) as PVOID;
    t.ByteOffset = (va.addr() & (PAGE - 1)) as ULONG;
    t.ByteCount = length;
    t.MdlFlags = MDL_PARTIAL | MDL_MAPPED_TO_SYSTEM_VA;
    t.MappedSystemVa = if mapped_va == 0 {
        null_mut()
    } else {
        (mapped_va + offset) as PVOID
    };
}

pub(super) fn mdl_build_nonpaged(mdl: PMDL) {
    let m = mdl_ref(mdl);
    let va = m.StartVa.addr() + m.ByteOffset as usize;
    let end = va + m.ByteCount as usize;
    if !lock(&NONPAGED)
        .iter()
        .any(|&(s, n)| s <= va && end <= s + n)
    {
        violation("MmBuildMdlForNonPagedPool over memory that is not non-paged pool");
    }
    m.MappedSystemVa = va as PVOID;
    m.MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL;
}

pub(super) fn mdl_free(mdl: PMDL) {
    if !lock(&MDLS).remove(&mdl.addr()) {
        violation("IoFreeMdl of an MDL not from IoAllocateMdl (or freed twice)");
        return;
    }
    LIVE_MDLS.with(|n| n.set(n.get() - 1));
}

// ---- other kernel routines ----

pub(super) fn delay(
    mode: KPROCESSOR_MODE,
    alertable: BOOLEAN,
    interval: PLARGE_INTEGER,
) -> NTSTATUS {
    if i32::from(mode) != _MODE::KernelMode || alertable != 0 {
        violation("KeDelayExecutionThread not kernel-mode, non-alertable");
    }
    // SAFETY: the glue's interval.
    let interval = unsafe { &*interval };
    // SAFETY: the only arm of the model's LARGE_INTEGER.
    let quad = unsafe { interval.QuadPart };
    DELAYS.with(|d| d.borrow_mut().push(quad));
    STATUS_SUCCESS
}

pub(super) fn report_target_device_change(
    pdo: PDEVICE_OBJECT,
    notification: PVOID,
    callback: PDEVICE_CHANGE_COMPLETE_CALLBACK,
    context: PVOID,
) -> NTSTATUS {
    // SAFETY: the glue's notification structure.
    let n = unsafe { &*notification.cast::<TARGET_DEVICE_CUSTOM_NOTIFICATION>() };
    if n.Version != 1
        || usize::from(n.Size) != offset_of!(TARGET_DEVICE_CUSTOM_NOTIFICATION, CustomDataBuffer)
        || !n.FileObject.is_null()
        || n.NameBufferOffset != -1
        || callback.is_some()
        || !context.is_null()
    {
        violation("malformed TARGET_DEVICE_CUSTOM_NOTIFICATION");
    }
    // SAFETY: the PDO the model gave the glue.
    let pdo = unsafe { &*pdo };
    let e = n.Event;
    lock(&pdo.events).push((e.Data1, e.Data2, e.Data3, e.Data4));
    STATUS_SUCCESS
}

pub(super) fn debug_print(
    component: ULONG,
    level: ULONG,
    format: PCSTR,
    what: *const c_char,
    value: NTSTATUS,
) -> ULONG {
    // SAFETY: NUL-terminated, from the glue's C-string literals.
    let format = unsafe { CStr::from_ptr(format) };
    // SAFETY: as above.
    let what = unsafe { CStr::from_ptr(what) };
    let line = format!(
        "[{component}/{level}] {} {} {value:#010x}",
        format.to_string_lossy().trim_end(),
        what.to_string_lossy()
    );
    LOG.with(|l| l.borrow_mut().push(line));
    0
}

// ---- the harness ----

/// A loaded driver: `DriverEntry` ran.
pub struct Driver {
    add: PFN_WDF_DRIVER_DEVICE_ADD,
    handle: usize,
}

/// Runs `DriverEntry`.
///
/// # Errors
///
/// `DriverEntry`'s failure status.
pub fn load() -> Result<Driver, NTSTATUS> {
    let mut name = [0u16; 1];
    let registry = UNICODE_STRING {
        Length: 0,
        MaximumLength: 2,
        Buffer: name.as_mut_ptr(),
    };
    // SAFETY: a driver object the driver never dereferences, a valid
    // (empty) registry path.
    let status = unsafe { crate::driver_entry(null_mut(), &raw const registry) };
    if status < 0 {
        return Err(status);
    }
    let handle = LAST_DRIVER.with(Cell::get);
    let Kind::Driver(add) = object(handle).kind else {
        return Err(STATUS_INVALID_DEVICE_REQUEST);
    };
    Ok(Driver { add, handle })
}

/// A user handle (a WDFFILEOBJECT).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Handle(usize);

/// One request's result as the caller sees it.
#[derive(Clone, Debug)]
pub struct Done {
    /// Completion status.
    pub status: NTSTATUS,
    /// `IoStatus.Information`.
    pub information: u64,
    /// The caller's buffer after completion (all of it).
    pub output: Vec<u8>,
    /// Violations recorded while the request ran.
    pub violations: Vec<String>,
}

impl Done {
    /// The bytes the caller gets: the first `information` bytes, or none
    /// for an error status.
    pub fn data(&self) -> &[u8] {
        if (self.status as u32) >> 30 == 3 {
            return &[];
        }
        let n = usize::try_from(self.information)
            .unwrap_or(usize::MAX)
            .min(self.output.len());
        self.output.get(..n).unwrap_or(&[])
    }
}

impl Driver {
    /// AddDevice for a CD-ROM whose lower stack is `lower`.
    ///
    /// # Errors
    ///
    /// `EvtDriverDeviceAdd`'s failure status.
    pub fn add_device(&self, lower: Box<dyn Lower>) -> Result<Dev, NTSTATUS> {
        let init = Box::leak(Box::new(Mutex::new(InitState {
            filter: false,
            file_config: None,
            file_context: 0,
            self_managed_io_init: None,
            lower: Some(lower),
        })));
        let init_ptr: PWDFDEVICE_INIT = core::ptr::from_mut(init).cast();
        let Some(add) = self.add else {
            return Err(STATUS_INVALID_DEVICE_REQUEST);
        };
        // SAFETY: the glue's callback, called as the framework does.
        let status = unsafe { add(self.handle as WDFDRIVER, init_ptr) };
        if status < 0 {
            return Err(status);
        }
        // The callback ran on this thread: the device it created is ours.
        let device = LAST_DEVICE.with(Cell::get);
        device_of(device);
        Ok(Dev { device })
    }
}

/// An added device.
pub struct Dev {
    device: usize,
}

// SAFETY: the model's objects are internally synchronised; the handle is an
// address of a leaked object.
unsafe impl Send for Dev {}
// SAFETY: as above.
unsafe impl Sync for Dev {}

/// The default queue's settings, as the glue configured them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueSettings {
    /// Parallel dispatch.
    pub parallel: bool,
    /// `NumberOfPresentedRequests`.
    pub presented: u32,
    /// Callbacks at PASSIVE_LEVEL.
    pub passive: bool,
}

impl Dev {
    fn state(&self) -> &'static DeviceState {
        device_of(self.device)
    }

    /// The core device, once started.
    pub fn core(&self) -> Option<&'static crate::driver::CoreDevice> {
        // SAFETY: the harness's device was created by the glue's device add.
        unsafe { crate::driver::DeviceContext::of(self.device as WDFDEVICE) }.device()
    }

    /// Runs one command through the glue's port with a caller's
    /// `METHOD_OUT_DIRECT` buffer of `caller_len` bytes registered as the
    /// raw-read window, the data phase being `[offset, offset + len)` of it
    /// (what the raw-read handler does). Returns the port's result and the
    /// caller's buffer afterwards.
    ///
    /// # Panics
    ///
    /// If the device is not started or the range is outside the buffer.
    pub fn command_into_caller_buffer(
        &self,
        cdb: &[u8],
        caller_len: usize,
        offset: usize,
        len: usize,
    ) -> (PortResult, Vec<u8>) {
        use cdfilter_core::device::Platform as _;
        use cdfilter_core::port::Port as _;
        let core = self.core().expect("device not started");
        // SAFETY: the harness's device was created by the glue's device add.
        let ctx = unsafe { crate::driver::DeviceContext::of(self.device as WDFDEVICE) };
        let data = buffer(caller_len, 0xA5);
        let mdl = user_mdl(data) as PMDL;
        // SAFETY: the buffer was just made and nothing else uses it.
        let caller = unsafe { bytes(data) };
        let cdb = Cdb::from_slice(cdb).expect("a 6/10/12/16-byte CDB");
        let result = ctx.with_window(core, caller, mdl, |caller| {
            let window = caller
                .get_mut(offset..offset + len)
                .expect("range inside the buffer");
            core.platform.serialize(|unit| {
                unit.port.execute(Command {
                    cdb,
                    data: DataPhase::In(window),
                    timeout_secs: 10,
                })
            })
        });
        // SAFETY: as above; the command is complete.
        (result, unsafe { bytes(data) }.to_vec())
    }

    /// Runs one command through the glue's port, serialised like the core's
    /// own commands, without a raw-read window.
    ///
    /// # Panics
    ///
    /// If the device is not started.
    pub fn command(&self, cdb: &[u8], data: DataPhase<'_>) -> PortResult {
        use cdfilter_core::device::Platform as _;
        use cdfilter_core::port::Port as _;
        let core = self.core().expect("device not started");
        let cdb = Cdb::from_slice(cdb).expect("a 6/10/12/16-byte CDB");
        core.platform.serialize(|unit| {
            unit.port.execute(Command {
                cdb,
                data,
                timeout_secs: 10,
            })
        })
    }

    /// Whether the glue declared itself a filter.
    pub fn is_filter(&self) -> bool {
        self.state().filter
    }

    /// The default queue's settings.
    pub fn queue_settings(&self) -> Option<QueueSettings> {
        let q = (*lock(&self.state().queue))?;
        Some(QueueSettings {
            parallel: q.dispatch == _WDF_IO_QUEUE_DISPATCH_TYPE::WdfIoQueueDispatchParallel,
            presented: q.presented,
            passive: q.execution_level == _WDF_EXECUTION_LEVEL::WdfExecutionLevelPassive,
        })
    }

    /// The file-object class and cleanup/close forwarding the glue chose.
    pub fn file_object_config(&self) -> Option<(i32, i32)> {
        self.state().file_config.map(|c| (c.class, c.auto_forward))
    }

    /// Notifications sent to the PDO so far.
    pub fn events(&self) -> Vec<GuidParts> {
        // SAFETY: the PDO the model created with the device.
        let pdo = unsafe { &*(self.state().pdo as *const Pdo) };
        lock(&pdo.events).clone()
    }

    /// Runs `f` on the lower driver.
    pub fn with_lower<R>(&self, f: impl FnOnce(&mut dyn Lower) -> R) -> R {
        f(&mut **lock(&self.state().lower))
    }

    /// Start-up: `EvtDeviceSelfManagedIoInit`.
    pub fn start(&self) -> NTSTATUS {
        let Some(f) = self.state().self_managed_io_init else {
            return STATUS_SUCCESS;
        };
        // SAFETY: the glue's callback, called as the framework does.
        unsafe { f(self.device as WDFDEVICE) }
    }

    /// IRP_MJ_CREATE of a new handle.
    ///
    /// # Errors
    ///
    /// The create's failure status.
    pub fn open(&self) -> Result<Handle, NTSTATUS> {
        self.open_from(false)
    }

    /// IRP_MJ_CREATE of a new handle by a 32-bit process (WOW64): its
    /// requests answer TRUE to `WdfRequestIsFrom32BitProcess`.
    ///
    /// # Errors
    ///
    /// The create's failure status.
    pub fn open_wow64(&self) -> Result<Handle, NTSTATUS> {
        self.open_from(true)
    }

    fn open_from(&self, wow64: bool) -> Result<Handle, NTSTATUS> {
        let state = self.state();
        let info = state.file_context as PCWDF_OBJECT_CONTEXT_TYPE_INFO;
        let attrs = WDF_OBJECT_ATTRIBUTES {
            Size: size_of::<WDF_OBJECT_ATTRIBUTES>() as ULONG,
            ExecutionLevel: 1,
            SynchronizationScope: 1,
            ContextTypeInfo: info,
            ..WDF_OBJECT_ATTRIBUTES::default()
        };
        let file = new_object(
            Kind::File {
                device: self.device,
                wow64,
            },
            core::ptr::from_ref(&attrs).cast_mut(),
        );
        let request = register_request(new_request(self.device, Major::Create, file), null_mut());
        if let Some(f) = state.file_config.and_then(|c| c.create) {
            // SAFETY: the glue's callback, called as the framework does.
            unsafe {
                f(
                    self.device as WDFDEVICE,
                    request as WDFREQUEST,
                    file as WDFFILEOBJECT,
                );
            };
        } else {
            let (status, _) = pass_down(state, request_of(request));
            request_complete(request as WDFREQUEST, status, 0);
        }
        let (status, _) = finish(request);
        if status < 0 {
            object(file).deleted.store(true, Ordering::Release);
            return Err(status);
        }
        Ok(Handle(file))
    }

    /// CloseHandle: `EvtFileCleanup`, then `EvtFileClose` (the framework
    /// forwards both afterwards).
    pub fn close(&self, h: Handle) {
        self.cleanup(h);
        self.close_only(h);
    }

    /// IRP_MJ_CLEANUP only.
    pub fn cleanup(&self, h: Handle) {
        if let Some(f) = self.state().file_config.and_then(|c| c.cleanup) {
            // SAFETY: the glue's callback, called as the framework does.
            unsafe { f(h.0 as WDFFILEOBJECT) };
        }
    }

    /// IRP_MJ_CLOSE only (after every request of the handle completed).
    pub fn close_only(&self, h: Handle) {
        if let Some(f) = self.state().file_config.and_then(|c| c.close) {
            // SAFETY: the glue's callback, called as the framework does.
            unsafe { f(h.0 as WDFFILEOBJECT) };
        }
        object(h.0).deleted.store(true, Ordering::Release);
    }

    fn queue(&self) -> (usize, QueueState) {
        let q = (*lock(&self.state().queue)).expect("the glue created no default queue");
        (*lock(&self.state().queue_handle), q)
    }

    /// IRP_MJ_DEVICE_CONTROL with `input` and an output buffer of `out_len`.
    pub fn ioctl(&self, file: Option<Handle>, code: u32, input: &[u8], out_len: usize) -> Done {
        let mut state = new_request(
            self.device,
            Major::DeviceControl(code),
            file.map_or(0, |h| h.0),
        );
        state.in_len = input.len();
        state.out_len = out_len;
        let buffered = code.trailing_zeros() >= 2;
        state.system = buffer(
            if buffered {
                input.len().max(out_len)
            } else {
                input.len()
            },
            0xA5,
        );
        // SAFETY: the buffer was just made.
        unsafe { bytes(state.system) }
            .get_mut(..input.len())
            .unwrap_or(&mut [])
            .copy_from_slice(input);
        if !buffered && code & 3 != 3 && out_len > 0 {
            state.data = buffer(out_len, 0xA5);
            state.mdl = user_mdl(state.data);
        }
        let (system, data) = (state.system, state.data);
        let request = register_request(state, null_mut());
        let (queue, q) = self.queue();
        match q.device_control {
            // SAFETY: the glue's callback, called as the framework does.
            Some(f) => unsafe {
                f(
                    queue as WDFQUEUE,
                    request as WDFREQUEST,
                    out_len,
                    input.len(),
                    code,
                );
            },
            None => violation("no EvtIoDeviceControl"),
        }
        let (status, information) = finish(request);
        let error = (status as u32) >> 30 == 3;
        if !error && information > out_len as u64 {
            violation("Information beyond the output buffer for a non-error status");
        }
        let output = if buffered {
            // What the I/O manager copies back: Information bytes of the
            // system buffer, unless the status is an error.
            let mut user = std::vec![0xA5; out_len];
            if !error {
                let n = usize::try_from(information).unwrap_or(0).min(out_len);
                // SAFETY: the system buffer; the request is complete.
                let system = unsafe { bytes(system) };
                if let (Some(d), Some(s)) = (user.get_mut(..n), system.get(..n)) {
                    d.copy_from_slice(s);
                }
            }
            user
        } else {
            // SAFETY: the caller's pages; the request is complete.
            unsafe { bytes(data) }
                .get(..out_len)
                .unwrap_or(&[])
                .to_vec()
        };
        Done {
            status,
            information,
            output,
            violations: take_violations(),
        }
    }

    /// IRP_MJ_READ of `len` bytes at `offset` (direct I/O, like cdrom.sys).
    pub fn read(&self, file: Option<Handle>, offset: u64, len: usize) -> Done {
        self.read_write(file, offset, std::vec![0xA5; len], false)
    }

    /// IRP_MJ_WRITE of `data` at `offset`.
    pub fn write(&self, file: Option<Handle>, offset: u64, data: &[u8]) -> Done {
        self.read_write(file, offset, data.to_vec(), true)
    }

    fn read_write(&self, file: Option<Handle>, offset: u64, content: Vec<u8>, write: bool) -> Done {
        let (queue, q) = self.queue();
        let len = content.len();
        if len == 0 && !q.zero_length {
            // The framework completes zero-length reads and writes itself.
            return Done {
                status: STATUS_SUCCESS,
                information: 0,
                output: Vec::new(),
                violations: take_violations(),
            };
        }
        let major = if write { Major::Write } else { Major::Read };
        let mut state = new_request(self.device, major, file.map_or(0, |h| h.0));
        state.offset = i64::try_from(offset).unwrap_or(i64::MAX);
        state.data = buffer(len, 0);
        // SAFETY: the buffer was just made.
        unsafe { bytes(state.data) }.copy_from_slice(&content);
        state.mdl = user_mdl(state.data);
        let data = state.data;
        let request = register_request(state, null_mut());
        let callback = if write { q.write } else { q.read };
        match callback {
            // SAFETY: the glue's callback, called as the framework does.
            Some(f) => unsafe { f(queue as WDFQUEUE, request as WDFREQUEST, len) },
            None => violation("no EvtIoRead/EvtIoWrite"),
        }
        let (status, information) = finish(request);
        Done {
            status,
            information,
            // SAFETY: the caller's pages; the request is complete.
            output: unsafe { bytes(data) }.to_vec(),
            violations: take_violations(),
        }
    }
}

/// The completion of a presented request, which must have completed
/// exactly once.
fn finish(request: usize) -> (NTSTATUS, u64) {
    let r = request_of(request);
    let st = lock(&r.st);
    if st.completions != 1 {
        violation(format!("request completed {} times", st.completions));
    }
    (st.status, st.information)
}

/// The MDL the I/O manager builds for a caller's buffer: a user-space
/// address (never dereferenced) whose pages are mapped at `data`.
fn user_mdl(data: (usize, usize)) -> usize {
    let user = USER_SPACE + (data.0 & (PAGE - 1));
    let mdl = Box::leak(Box::new(MDL {
        Next: null_mut(),
        Size: 0,
        MdlFlags: MDL_MAPPED_TO_SYSTEM_VA,
        Process: null_mut(),
        MappedSystemVa: data.0 as PVOID,
        StartVa: (user & !(PAGE - 1)) as PVOID,
        ByteCount: u32::try_from(data.1).unwrap_or(u32::MAX),
        ByteOffset: (user & (PAGE - 1)) as ULONG,
    }));
    core::ptr::from_mut(mdl).addr()
}

impl core::fmt::Display for Done {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "status {:#010x} information {}",
            self.status as u32, self.information
        )
    }
}

impl Handle {
    /// The handle value (the WDFFILEOBJECT), which the glue uses as FileId.
    pub fn raw(self) -> u64 {
        self.0 as u64
    }
}
