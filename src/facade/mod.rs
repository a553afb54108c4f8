//! The WDF facade: every wdk-sys item the glue uses, declared with the same
//! name, field names and function signature as wdk-sys generates it for
//! KMDF 1.33 on x86_64 (docs/WDK-ITEMS.md says where each one was read),
//! implemented by an in-process model of the framework ([`host`]).
//!
//! What mirrors exactly: item names, struct field names and types that the
//! glue touches, enum modules (`_NAME::Variant`, bindgen's ModuleConsts),
//! function parameter lists (without the `DriverGlobals` the real macro
//! prepends) and return types, `unsafe extern "C"` callback types.
//! What does not: opaque handles are this model's objects; structures
//! declare only the fields the glue sets or reads (it builds them with
//! `..Default::default()`); `DbgPrintEx` is variadic in the WDK and takes
//! the glue's one argument list here.
#![allow(
    non_camel_case_types,
    non_snake_case,
    non_upper_case_globals,
    reason = "the WDK's names, as bindgen spells them"
)]
#![expect(
    missing_docs,
    reason = "mirrors of wdk-sys items; the WDK documents them"
)]
#![expect(
    clippy::missing_safety_doc,
    reason = "the safety contract is the WDF function's"
)]

pub mod host;

use core::ffi::{c_char, c_int, c_void};

pub type NTSTATUS = i32;
pub type ULONG = u32;
pub type USHORT = u16;
pub type UCHAR = u8;
pub type CHAR = c_char;
pub type CCHAR = c_char;
pub type CSHORT = i16;
pub type BOOLEAN = u8;
pub type LONG = i32;
pub type LONGLONG = i64;
pub type ULONG_PTR = u64;
pub type PVOID = *mut c_void;
pub type HANDLE = PVOID;
pub type PCSTR = *const CHAR;
pub type LPCSTR = *const CHAR;
pub type PLONGLONG = *mut LONGLONG;
pub type PULONG_PTR = *mut ULONG_PTR;
pub type KPROCESSOR_MODE = CCHAR;
pub type WDFOBJECT = HANDLE;
pub type WDFCONTEXT = PVOID;

macro_rules! opaque {
    ($($raw:ident => $ptr:ident),* $(,)?) => {
        $(
            #[repr(C)]
            pub struct $raw {
                _opaque: [u8; 0],
            }
            pub type $ptr = *mut $raw;
        )*
    };
}

opaque!(
    WDFDRIVER__ => WDFDRIVER,
    WDFDEVICE__ => WDFDEVICE,
    WDFQUEUE__ => WDFQUEUE,
    WDFREQUEST__ => WDFREQUEST,
    WDFFILEOBJECT__ => WDFFILEOBJECT,
    WDFIOTARGET__ => WDFIOTARGET,
    WDFWAITLOCK__ => WDFWAITLOCK,
    WDFMEMORY__ => WDFMEMORY,
    WDFDEVICE_INIT => PWDFDEVICE_INIT,
    _DRIVER_OBJECT => PDRIVER_OBJECT,
    _FILE_OBJECT => PFILE_OBJECT,
    _EPROCESS => PEPROCESS,
);

pub type DRIVER_OBJECT = _DRIVER_OBJECT;

#[repr(C)]
pub struct _UNICODE_STRING {
    pub Length: USHORT,
    pub MaximumLength: USHORT,
    pub Buffer: *mut u16,
}
pub type UNICODE_STRING = _UNICODE_STRING;
pub type PCUNICODE_STRING = *const _UNICODE_STRING;

/// The model's device object: what `WdfDeviceWdmGetPhysicalDevice` returns.
pub use host::Pdo as _DEVICE_OBJECT;
pub type DEVICE_OBJECT = _DEVICE_OBJECT;
pub type PDEVICE_OBJECT = *mut _DEVICE_OBJECT;

#[repr(C)]
pub struct _MDL {
    pub Next: *mut _MDL,
    pub Size: CSHORT,
    pub MdlFlags: CSHORT,
    pub Process: PEPROCESS,
    pub MappedSystemVa: PVOID,
    pub StartVa: PVOID,
    pub ByteCount: ULONG,
    pub ByteOffset: ULONG,
}
pub type MDL = _MDL;
pub type PMDL = *mut _MDL;

/// `IRP`: the model declares the one field the glue writes.
pub use host::Irp as _IRP;
pub type IRP = _IRP;
pub type PIRP = *mut _IRP;

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct _GUID {
    pub Data1: ULONG,
    pub Data2: USHORT,
    pub Data3: USHORT,
    pub Data4: [UCHAR; 8],
}
pub type GUID = _GUID;

#[repr(C)]
#[derive(Clone, Copy)]
pub union _LARGE_INTEGER {
    pub QuadPart: LONGLONG,
}
pub type LARGE_INTEGER = _LARGE_INTEGER;
pub type PLARGE_INTEGER = *mut _LARGE_INTEGER;

#[repr(C)]
pub struct _TARGET_DEVICE_CUSTOM_NOTIFICATION {
    pub Version: USHORT,
    pub Size: USHORT,
    pub Event: GUID,
    pub FileObject: PFILE_OBJECT,
    pub NameBufferOffset: LONG,
    pub CustomDataBuffer: [UCHAR; 1],
}
pub type TARGET_DEVICE_CUSTOM_NOTIFICATION = _TARGET_DEVICE_CUSTOM_NOTIFICATION;
pub type PDEVICE_CHANGE_COMPLETE_CALLBACK = Option<unsafe extern "C" fn(Context: PVOID)>;

macro_rules! enum_module {
    ($module:ident => $alias:ident { $($name:ident = $value:expr),* $(,)? }) => {
        pub mod $module {
            pub type Type = ::core::ffi::c_int;
            $(pub const $name: Type = $value;)*
        }
        pub type $alias = $module::Type;
    };
}

enum_module!(_POOL_TYPE => POOL_TYPE { NonPagedPoolNx = 512 });
enum_module!(_MODE => MODE { KernelMode = 0, UserMode = 1 });
enum_module!(_DPFLTR_TYPE => DPFLTR_TYPE { DPFLTR_IHVDRIVER_ID = 77 });
enum_module!(_WDF_EXECUTION_LEVEL => WDF_EXECUTION_LEVEL {
    WdfExecutionLevelInvalid = 0,
    WdfExecutionLevelInheritFromParent = 1,
    WdfExecutionLevelPassive = 2,
    WdfExecutionLevelDispatch = 3,
});
enum_module!(_WDF_SYNCHRONIZATION_SCOPE => WDF_SYNCHRONIZATION_SCOPE {
    WdfSynchronizationScopeInvalid = 0,
    WdfSynchronizationScopeInheritFromParent = 1,
    WdfSynchronizationScopeDevice = 2,
    WdfSynchronizationScopeQueue = 3,
    WdfSynchronizationScopeNone = 4,
});
enum_module!(_WDF_TRI_STATE => WDF_TRI_STATE { WdfFalse = 0, WdfTrue = 1, WdfUseDefault = 2 });
enum_module!(_WDF_FILEOBJECT_CLASS => WDF_FILEOBJECT_CLASS {
    WdfFileObjectInvalid = 0,
    WdfFileObjectNotRequired = 1,
    WdfFileObjectWdfCanUseFsContext = 2,
    WdfFileObjectWdfCanUseFsContext2 = 3,
    WdfFileObjectWdfCannotUseFsContexts = 4,
    WdfFileObjectCanBeOptional = 0x8000_0000_u32 as ::core::ffi::c_int,
});
enum_module!(_WDF_IO_QUEUE_DISPATCH_TYPE => WDF_IO_QUEUE_DISPATCH_TYPE {
    WdfIoQueueDispatchInvalid = 0,
    WdfIoQueueDispatchSequential = 1,
    WdfIoQueueDispatchParallel = 2,
    WdfIoQueueDispatchManual = 3,
});
enum_module!(_WDF_REQUEST_SEND_OPTIONS_FLAGS => WDF_REQUEST_SEND_OPTIONS_FLAGS {
    WDF_REQUEST_SEND_OPTION_TIMEOUT = 1,
    WDF_REQUEST_SEND_OPTION_SYNCHRONOUS = 2,
    WDF_REQUEST_SEND_OPTION_IGNORE_TARGET_STATE = 4,
    WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET = 8,
});
enum_module!(_WDF_MEMORY_DESCRIPTOR_TYPE => WDF_MEMORY_DESCRIPTOR_TYPE {
    WdfMemoryDescriptorTypeInvalid = 0,
    WdfMemoryDescriptorTypeBuffer = 1,
    WdfMemoryDescriptorTypeMdl = 2,
    WdfMemoryDescriptorTypeHandle = 3,
});
enum_module!(_WDF_REQUEST_TYPE => WDF_REQUEST_TYPE {
    WdfRequestTypeCreate = 0,
    WdfRequestTypeRead = 3,
    WdfRequestTypeWrite = 4,
    WdfRequestTypeDeviceControl = 14,
    WdfRequestTypeDeviceControlInternal = 15,
});

pub const DPFLTR_ERROR_LEVEL: u32 = 0;
pub const DPFLTR_WARNING_LEVEL: u32 = 1;
pub const DPFLTR_TRACE_LEVEL: u32 = 2;
pub const DPFLTR_INFO_LEVEL: u32 = 3;

pub type PFN_WDF_DRIVER_DEVICE_ADD =
    Option<unsafe extern "C" fn(Driver: WDFDRIVER, DeviceInit: PWDFDEVICE_INIT) -> NTSTATUS>;
pub type PFN_WDF_DRIVER_UNLOAD = Option<unsafe extern "C" fn(Driver: WDFDRIVER)>;
pub type PFN_WDF_DEVICE_FILE_CREATE =
    Option<unsafe extern "C" fn(Device: WDFDEVICE, Request: WDFREQUEST, FileObject: WDFFILEOBJECT)>;
pub type PFN_WDF_FILE_CLOSE = Option<unsafe extern "C" fn(FileObject: WDFFILEOBJECT)>;
pub type PFN_WDF_FILE_CLEANUP = Option<unsafe extern "C" fn(FileObject: WDFFILEOBJECT)>;
pub type PFN_WDF_IO_QUEUE_IO_DEFAULT =
    Option<unsafe extern "C" fn(Queue: WDFQUEUE, Request: WDFREQUEST)>;
pub type PFN_WDF_IO_QUEUE_IO_READ =
    Option<unsafe extern "C" fn(Queue: WDFQUEUE, Request: WDFREQUEST, Length: usize)>;
pub type PFN_WDF_IO_QUEUE_IO_WRITE =
    Option<unsafe extern "C" fn(Queue: WDFQUEUE, Request: WDFREQUEST, Length: usize)>;
pub type PFN_WDF_IO_QUEUE_IO_DEVICE_CONTROL = Option<
    unsafe extern "C" fn(
        Queue: WDFQUEUE,
        Request: WDFREQUEST,
        OutputBufferLength: usize,
        InputBufferLength: usize,
        IoControlCode: ULONG,
    ),
>;
pub type PFN_WDF_REQUEST_COMPLETION_ROUTINE = Option<
    unsafe extern "C" fn(
        Request: WDFREQUEST,
        Target: WDFIOTARGET,
        Params: PWDF_REQUEST_COMPLETION_PARAMS,
        Context: WDFCONTEXT,
    ),
>;
pub type PFN_WDF_DEVICE_SELF_MANAGED_IO_INIT =
    Option<unsafe extern "C" fn(Device: WDFDEVICE) -> NTSTATUS>;
pub type PFN_WDF_OBJECT_CONTEXT_CLEANUP = Option<unsafe extern "C" fn(Object: WDFOBJECT)>;
pub type PFN_WDF_OBJECT_CONTEXT_DESTROY = Option<unsafe extern "C" fn(Object: WDFOBJECT)>;
pub type PFN_WDF_GET_UNIQUE_CONTEXT_TYPE =
    Option<unsafe extern "C" fn() -> PCWDF_OBJECT_CONTEXT_TYPE_INFO>;

/// bindgen derives `Default` as all-zero bytes for these structures.
macro_rules! zero_default {
    ($($ty:ty),* $(,)?) => {
        $(
            impl Default for $ty {
                fn default() -> Self {
                    // SAFETY: every field is an integer, a raw pointer, an
                    // `Option` of a function pointer or a union of those:
                    // all-zero is a valid value of each.
                    unsafe { core::mem::zeroed() }
                }
            }
        )*
    };
}

#[repr(C)]
pub struct _WDF_DRIVER_CONFIG {
    pub Size: ULONG,
    pub EvtDriverDeviceAdd: PFN_WDF_DRIVER_DEVICE_ADD,
    pub EvtDriverUnload: PFN_WDF_DRIVER_UNLOAD,
    pub DriverInitFlags: ULONG,
    pub DriverPoolTag: ULONG,
}
pub type WDF_DRIVER_CONFIG = _WDF_DRIVER_CONFIG;
pub type PWDF_DRIVER_CONFIG = *mut _WDF_DRIVER_CONFIG;

#[repr(C)]
pub struct _WDF_OBJECT_CONTEXT_TYPE_INFO {
    pub Size: ULONG,
    pub ContextName: LPCSTR,
    pub ContextSize: usize,
    pub UniqueType: PCWDF_OBJECT_CONTEXT_TYPE_INFO,
    pub EvtDriverGetUniqueContextType: PFN_WDF_GET_UNIQUE_CONTEXT_TYPE,
}
pub type WDF_OBJECT_CONTEXT_TYPE_INFO = _WDF_OBJECT_CONTEXT_TYPE_INFO;
pub type PCWDF_OBJECT_CONTEXT_TYPE_INFO = *const _WDF_OBJECT_CONTEXT_TYPE_INFO;

#[repr(C)]
pub struct _WDF_OBJECT_ATTRIBUTES {
    pub Size: ULONG,
    pub EvtCleanupCallback: PFN_WDF_OBJECT_CONTEXT_CLEANUP,
    pub EvtDestroyCallback: PFN_WDF_OBJECT_CONTEXT_DESTROY,
    pub ExecutionLevel: WDF_EXECUTION_LEVEL,
    pub SynchronizationScope: WDF_SYNCHRONIZATION_SCOPE,
    pub ParentObject: WDFOBJECT,
    pub ContextSizeOverride: usize,
    pub ContextTypeInfo: PCWDF_OBJECT_CONTEXT_TYPE_INFO,
}
pub type WDF_OBJECT_ATTRIBUTES = _WDF_OBJECT_ATTRIBUTES;
pub type PWDF_OBJECT_ATTRIBUTES = *mut _WDF_OBJECT_ATTRIBUTES;
pub const WDF_NO_OBJECT_ATTRIBUTES: PWDF_OBJECT_ATTRIBUTES = core::ptr::null_mut();

#[repr(C)]
pub struct _WDF_FILEOBJECT_CONFIG {
    pub Size: ULONG,
    pub EvtDeviceFileCreate: PFN_WDF_DEVICE_FILE_CREATE,
    pub EvtFileClose: PFN_WDF_FILE_CLOSE,
    pub EvtFileCleanup: PFN_WDF_FILE_CLEANUP,
    pub AutoForwardCleanupClose: WDF_TRI_STATE,
    pub FileObjectClass: WDF_FILEOBJECT_CLASS,
}
pub type WDF_FILEOBJECT_CONFIG = _WDF_FILEOBJECT_CONFIG;
pub type PWDF_FILEOBJECT_CONFIG = *mut _WDF_FILEOBJECT_CONFIG;

pub type PFN_WDF_DEVICE_D0_ENTRY =
    Option<unsafe extern "C" fn(Device: WDFDEVICE, PreviousState: c_int) -> NTSTATUS>;

/// Declares the callback the glue registers and one it leaves unset
/// (`..Default::default()` covers the rest in the real structure).
#[repr(C)]
pub struct _WDF_PNPPOWER_EVENT_CALLBACKS {
    pub Size: ULONG,
    pub EvtDeviceD0Entry: PFN_WDF_DEVICE_D0_ENTRY,
    pub EvtDeviceSelfManagedIoInit: PFN_WDF_DEVICE_SELF_MANAGED_IO_INIT,
}
pub type WDF_PNPPOWER_EVENT_CALLBACKS = _WDF_PNPPOWER_EVENT_CALLBACKS;
pub type PWDF_PNPPOWER_EVENT_CALLBACKS = *mut _WDF_PNPPOWER_EVENT_CALLBACKS;

#[repr(C)]
#[derive(Clone, Copy)]
pub struct _WDF_IO_QUEUE_CONFIG__bindgen_ty_1__bindgen_ty_1 {
    pub NumberOfPresentedRequests: ULONG,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub union _WDF_IO_QUEUE_CONFIG__bindgen_ty_1 {
    pub Parallel: _WDF_IO_QUEUE_CONFIG__bindgen_ty_1__bindgen_ty_1,
}

#[repr(C)]
pub struct _WDF_IO_QUEUE_CONFIG {
    pub Size: ULONG,
    pub DispatchType: WDF_IO_QUEUE_DISPATCH_TYPE,
    pub PowerManaged: WDF_TRI_STATE,
    pub AllowZeroLengthRequests: BOOLEAN,
    pub DefaultQueue: BOOLEAN,
    pub EvtIoDefault: PFN_WDF_IO_QUEUE_IO_DEFAULT,
    pub EvtIoRead: PFN_WDF_IO_QUEUE_IO_READ,
    pub EvtIoWrite: PFN_WDF_IO_QUEUE_IO_WRITE,
    pub EvtIoDeviceControl: PFN_WDF_IO_QUEUE_IO_DEVICE_CONTROL,
    pub EvtIoInternalDeviceControl: PFN_WDF_IO_QUEUE_IO_DEVICE_CONTROL,
    pub Settings: _WDF_IO_QUEUE_CONFIG__bindgen_ty_1,
    pub Driver: WDFDRIVER,
}
pub type WDF_IO_QUEUE_CONFIG = _WDF_IO_QUEUE_CONFIG;
pub type PWDF_IO_QUEUE_CONFIG = *mut _WDF_IO_QUEUE_CONFIG;

#[repr(C)]
pub struct _WDF_REQUEST_SEND_OPTIONS {
    pub Size: ULONG,
    pub Flags: ULONG,
    pub Timeout: LONGLONG,
}
pub type WDF_REQUEST_SEND_OPTIONS = _WDF_REQUEST_SEND_OPTIONS;
pub type PWDF_REQUEST_SEND_OPTIONS = *mut _WDF_REQUEST_SEND_OPTIONS;

#[repr(C)]
#[derive(Clone, Copy)]
pub struct _WDF_REQUEST_PARAMETERS__bindgen_ty_1__bindgen_ty_2 {
    pub Length: usize,
    pub Key: ULONG,
    pub DeviceOffset: LONGLONG,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct _WDF_REQUEST_PARAMETERS__bindgen_ty_1__bindgen_ty_4 {
    pub OutputBufferLength: usize,
    pub InputBufferLength: usize,
    pub IoControlCode: ULONG,
    pub Type3InputBuffer: PVOID,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub union _WDF_REQUEST_PARAMETERS__bindgen_ty_1 {
    pub Read: _WDF_REQUEST_PARAMETERS__bindgen_ty_1__bindgen_ty_2,
    pub Write: _WDF_REQUEST_PARAMETERS__bindgen_ty_1__bindgen_ty_2,
    pub DeviceIoControl: _WDF_REQUEST_PARAMETERS__bindgen_ty_1__bindgen_ty_4,
}

#[repr(C)]
pub struct _WDF_REQUEST_PARAMETERS {
    pub Size: USHORT,
    pub MinorFunction: UCHAR,
    pub Type: WDF_REQUEST_TYPE,
    pub Parameters: _WDF_REQUEST_PARAMETERS__bindgen_ty_1,
}
pub type WDF_REQUEST_PARAMETERS = _WDF_REQUEST_PARAMETERS;
pub type PWDF_REQUEST_PARAMETERS = *mut _WDF_REQUEST_PARAMETERS;

#[repr(C)]
pub struct _WDF_REQUEST_COMPLETION_PARAMS {
    pub Size: ULONG,
    pub Type: WDF_REQUEST_TYPE,
}
pub type WDF_REQUEST_COMPLETION_PARAMS = _WDF_REQUEST_COMPLETION_PARAMS;
pub type PWDF_REQUEST_COMPLETION_PARAMS = *mut _WDF_REQUEST_COMPLETION_PARAMS;

#[repr(C)]
pub struct _WDFMEMORY_OFFSET {
    pub BufferOffset: usize,
    pub BufferLength: usize,
}
pub type WDFMEMORY_OFFSET = _WDFMEMORY_OFFSET;
pub type PWDFMEMORY_OFFSET = *mut _WDFMEMORY_OFFSET;

#[repr(C)]
#[derive(Clone, Copy)]
pub struct _WDF_MEMORY_DESCRIPTOR__bindgen_ty_1__bindgen_ty_1 {
    pub Buffer: PVOID,
    pub Length: ULONG,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct _WDF_MEMORY_DESCRIPTOR__bindgen_ty_1__bindgen_ty_2 {
    pub Mdl: PMDL,
    pub BufferLength: ULONG,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub union _WDF_MEMORY_DESCRIPTOR__bindgen_ty_1 {
    pub BufferType: _WDF_MEMORY_DESCRIPTOR__bindgen_ty_1__bindgen_ty_1,
    pub MdlType: _WDF_MEMORY_DESCRIPTOR__bindgen_ty_1__bindgen_ty_2,
}

#[repr(C)]
pub struct _WDF_MEMORY_DESCRIPTOR {
    pub Type: WDF_MEMORY_DESCRIPTOR_TYPE,
    pub u: _WDF_MEMORY_DESCRIPTOR__bindgen_ty_1,
}
pub type WDF_MEMORY_DESCRIPTOR = _WDF_MEMORY_DESCRIPTOR;
pub type PWDF_MEMORY_DESCRIPTOR = *mut _WDF_MEMORY_DESCRIPTOR;

zero_default!(
    WDF_DRIVER_CONFIG,
    WDF_OBJECT_ATTRIBUTES,
    WDF_FILEOBJECT_CONFIG,
    WDF_PNPPOWER_EVENT_CALLBACKS,
    WDF_IO_QUEUE_CONFIG,
    WDF_REQUEST_SEND_OPTIONS,
    WDF_REQUEST_PARAMETERS,
    WDF_MEMORY_DESCRIPTOR,
    TARGET_DEVICE_CUSTOM_NOTIFICATION,
);

// ---- WDF functions (the real macro prepends `WdfDriverGlobals`) ----

pub unsafe fn WdfDriverCreate(
    DriverObject: PDRIVER_OBJECT,
    RegistryPath: PCUNICODE_STRING,
    DriverAttributes: PWDF_OBJECT_ATTRIBUTES,
    DriverConfig: PWDF_DRIVER_CONFIG,
    Driver: *mut WDFDRIVER,
) -> NTSTATUS {
    host::driver_create(
        DriverObject,
        RegistryPath,
        DriverAttributes,
        DriverConfig,
        Driver,
    )
}

pub unsafe fn WdfFdoInitSetFilter(DeviceInit: PWDFDEVICE_INIT) {
    host::init_set_filter(DeviceInit);
}

pub unsafe fn WdfDeviceInitSetFileObjectConfig(
    DeviceInit: PWDFDEVICE_INIT,
    FileObjectConfig: PWDF_FILEOBJECT_CONFIG,
    FileObjectAttributes: PWDF_OBJECT_ATTRIBUTES,
) {
    host::init_set_file_object_config(DeviceInit, FileObjectConfig, FileObjectAttributes);
}

pub unsafe fn WdfDeviceInitSetPnpPowerEventCallbacks(
    DeviceInit: PWDFDEVICE_INIT,
    PnpPowerEventCallbacks: PWDF_PNPPOWER_EVENT_CALLBACKS,
) {
    host::init_set_pnp_power(DeviceInit, PnpPowerEventCallbacks);
}

pub unsafe fn WdfDeviceCreate(
    DeviceInit: *mut PWDFDEVICE_INIT,
    DeviceAttributes: PWDF_OBJECT_ATTRIBUTES,
    Device: *mut WDFDEVICE,
) -> NTSTATUS {
    host::device_create(DeviceInit, DeviceAttributes, Device)
}

pub unsafe fn WdfObjectGetTypedContextWorker(
    Handle: WDFOBJECT,
    TypeInfo: PCWDF_OBJECT_CONTEXT_TYPE_INFO,
) -> PVOID {
    host::object_context(Handle, TypeInfo)
}

pub unsafe fn WdfObjectDelete(Object: WDFOBJECT) {
    host::object_delete(Object);
}

pub unsafe fn WdfDeviceGetIoTarget(Device: WDFDEVICE) -> WDFIOTARGET {
    host::device_io_target(Device)
}

pub unsafe fn WdfDeviceWdmGetPhysicalDevice(Device: WDFDEVICE) -> PDEVICE_OBJECT {
    host::device_pdo(Device)
}

pub unsafe fn WdfIoQueueCreate(
    Device: WDFDEVICE,
    Config: PWDF_IO_QUEUE_CONFIG,
    QueueAttributes: PWDF_OBJECT_ATTRIBUTES,
    Queue: *mut WDFQUEUE,
) -> NTSTATUS {
    host::queue_create(Device, Config, QueueAttributes, Queue)
}

pub unsafe fn WdfIoQueueGetDevice(Queue: WDFQUEUE) -> WDFDEVICE {
    host::owner_device(Queue.cast())
}

pub unsafe fn WdfFileObjectGetDevice(FileObject: WDFFILEOBJECT) -> WDFDEVICE {
    host::owner_device(FileObject.cast())
}

pub unsafe fn WdfWaitLockCreate(
    LockAttributes: PWDF_OBJECT_ATTRIBUTES,
    Lock: *mut WDFWAITLOCK,
) -> NTSTATUS {
    host::wait_lock_create(LockAttributes, Lock)
}

pub unsafe fn WdfWaitLockAcquire(Lock: WDFWAITLOCK, Timeout: PLONGLONG) -> NTSTATUS {
    host::wait_lock_acquire(Lock, Timeout)
}

pub unsafe fn WdfWaitLockRelease(Lock: WDFWAITLOCK) {
    host::wait_lock_release(Lock);
}

pub unsafe fn WdfRequestRetrieveInputBuffer(
    Request: WDFREQUEST,
    MinimumRequiredLength: usize,
    Buffer: *mut PVOID,
    Length: *mut usize,
) -> NTSTATUS {
    host::request_buffer(Request, false, MinimumRequiredLength, Buffer, Length)
}

pub unsafe fn WdfRequestRetrieveOutputBuffer(
    Request: WDFREQUEST,
    MinimumRequiredSize: usize,
    Buffer: *mut PVOID,
    Length: *mut usize,
) -> NTSTATUS {
    host::request_buffer(Request, true, MinimumRequiredSize, Buffer, Length)
}

pub unsafe fn WdfRequestRetrieveOutputWdmMdl(Request: WDFREQUEST, Mdl: *mut PMDL) -> NTSTATUS {
    host::request_output_mdl(Request, Mdl)
}

pub unsafe fn WdfRequestGetFileObject(Request: WDFREQUEST) -> WDFFILEOBJECT {
    host::request_file_object(Request)
}

pub unsafe fn WdfRequestIsFrom32BitProcess(Request: WDFREQUEST) -> BOOLEAN {
    host::request_is_from_32bit(Request)
}

pub unsafe fn WdfRequestGetParameters(Request: WDFREQUEST, Parameters: PWDF_REQUEST_PARAMETERS) {
    host::request_parameters(Request, Parameters);
}

pub unsafe fn WdfRequestCompleteWithInformation(
    Request: WDFREQUEST,
    Status: NTSTATUS,
    Information: ULONG_PTR,
) {
    host::request_complete(Request, Status, Information);
}

pub unsafe fn WdfRequestFormatRequestUsingCurrentType(Request: WDFREQUEST) {
    host::request_format_current(Request);
}

pub unsafe fn WdfRequestSetCompletionRoutine(
    Request: WDFREQUEST,
    CompletionRoutine: PFN_WDF_REQUEST_COMPLETION_ROUTINE,
    CompletionContext: WDFCONTEXT,
) {
    host::request_set_completion(Request, CompletionRoutine, CompletionContext);
}

pub unsafe fn WdfRequestSend(
    Request: WDFREQUEST,
    Target: WDFIOTARGET,
    Options: PWDF_REQUEST_SEND_OPTIONS,
) -> BOOLEAN {
    host::request_send(Request, Target, Options)
}

pub unsafe fn WdfRequestGetStatus(Request: WDFREQUEST) -> NTSTATUS {
    host::request_status(Request).0
}

pub unsafe fn WdfRequestGetInformation(Request: WDFREQUEST) -> ULONG_PTR {
    host::request_status(Request).1
}

pub unsafe fn WdfRequestCreate(
    RequestAttributes: PWDF_OBJECT_ATTRIBUTES,
    IoTarget: WDFIOTARGET,
    Request: *mut WDFREQUEST,
) -> NTSTATUS {
    host::request_create(RequestAttributes, IoTarget, Request)
}

pub unsafe fn WdfRequestWdmGetIrp(Request: WDFREQUEST) -> PIRP {
    host::request_irp(Request)
}

pub unsafe fn WdfMemoryCreate(
    Attributes: PWDF_OBJECT_ATTRIBUTES,
    PoolType: POOL_TYPE,
    PoolTag: ULONG,
    BufferSize: usize,
    Memory: *mut WDFMEMORY,
    Buffer: *mut PVOID,
) -> NTSTATUS {
    host::memory_create(Attributes, PoolType, PoolTag, BufferSize, Memory, Buffer)
}

pub unsafe fn WdfMemoryCreatePreallocated(
    Attributes: PWDF_OBJECT_ATTRIBUTES,
    Buffer: PVOID,
    BufferSize: usize,
    Memory: *mut WDFMEMORY,
) -> NTSTATUS {
    host::memory_create_preallocated(Attributes, Buffer, BufferSize, Memory)
}

pub unsafe fn WdfIoTargetFormatRequestForInternalIoctlOthers(
    IoTarget: WDFIOTARGET,
    Request: WDFREQUEST,
    IoctlCode: ULONG,
    OtherArg1: WDFMEMORY,
    OtherArg1Offset: PWDFMEMORY_OFFSET,
    OtherArg2: WDFMEMORY,
    OtherArg2Offset: PWDFMEMORY_OFFSET,
    OtherArg4: WDFMEMORY,
    OtherArg4Offset: PWDFMEMORY_OFFSET,
) -> NTSTATUS {
    let unused = [OtherArg2.is_null(), OtherArg4.is_null()];
    let offsets = [
        OtherArg1Offset.is_null(),
        OtherArg2Offset.is_null(),
        OtherArg4Offset.is_null(),
    ];
    host::format_internal_others(IoTarget, Request, IoctlCode, OtherArg1, unused, offsets)
}

pub unsafe fn WdfIoTargetSendIoctlSynchronously(
    IoTarget: WDFIOTARGET,
    Request: WDFREQUEST,
    IoctlCode: ULONG,
    InputBuffer: PWDF_MEMORY_DESCRIPTOR,
    OutputBuffer: PWDF_MEMORY_DESCRIPTOR,
    RequestOptions: PWDF_REQUEST_SEND_OPTIONS,
    BytesReturned: PULONG_PTR,
) -> NTSTATUS {
    host::send_ioctl_synchronously(
        IoTarget,
        Request,
        IoctlCode,
        InputBuffer,
        OutputBuffer,
        RequestOptions,
        BytesReturned,
    )
}

// ---- wdk_sys::ntddk ----

pub unsafe fn IoAllocateMdl(
    VirtualAddress: PVOID,
    Length: ULONG,
    SecondaryBuffer: BOOLEAN,
    ChargeQuota: BOOLEAN,
    Irp: PIRP,
) -> PMDL {
    host::mdl_allocate(VirtualAddress, Length, SecondaryBuffer, ChargeQuota, Irp)
}

pub unsafe fn IoBuildPartialMdl(
    SourceMdl: PMDL,
    TargetMdl: PMDL,
    VirtualAddress: PVOID,
    Length: ULONG,
) {
    host::mdl_build_partial(SourceMdl, TargetMdl, VirtualAddress, Length);
}

pub unsafe fn MmBuildMdlForNonPagedPool(MemoryDescriptorList: PMDL) {
    host::mdl_build_nonpaged(MemoryDescriptorList);
}

pub unsafe fn IoFreeMdl(Mdl: PMDL) {
    host::mdl_free(Mdl);
}

pub unsafe fn KeDelayExecutionThread(
    WaitMode: KPROCESSOR_MODE,
    Alertable: BOOLEAN,
    Interval: PLARGE_INTEGER,
) -> NTSTATUS {
    host::delay(WaitMode, Alertable, Interval)
}

pub unsafe fn IoReportTargetDeviceChangeAsynchronous(
    PhysicalDeviceObject: PDEVICE_OBJECT,
    NotificationStructure: PVOID,
    Callback: PDEVICE_CHANGE_COMPLETE_CALLBACK,
    Context: PVOID,
) -> NTSTATUS {
    host::report_target_device_change(
        PhysicalDeviceObject,
        NotificationStructure,
        Callback,
        Context,
    )
}

/// Variadic in the WDK (`ComponentId, Level, Format, ...`); here with the
/// glue's one argument list (a string and a 32-bit value).
pub unsafe fn DbgPrintEx(
    ComponentId: ULONG,
    Level: ULONG,
    Format: PCSTR,
    What: *const c_char,
    Value: NTSTATUS,
) -> ULONG {
    host::debug_print(ComponentId, Level, Format, What, Value)
}
