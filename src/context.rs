//! WDF object contexts: the type descriptions the framework allocates them
//! from (what `WDF_DECLARE_CONTEXT_TYPE` emits in C) and object attributes.

use core::ffi::CStr;
use core::mem::size_of;

use crate::wdk::{
    _WDF_EXECUTION_LEVEL, _WDF_SYNCHRONIZATION_SCOPE, PCWDF_OBJECT_CONTEXT_TYPE_INFO, ULONG,
    WDFOBJECT, WDF_OBJECT_ATTRIBUTES, WDF_OBJECT_CONTEXT_TYPE_INFO,
};

/// A context type description (`_WDF_<type>_TYPE_INFO` in C).
#[repr(transparent)]
pub struct ContextType(WDF_OBJECT_CONTEXT_TYPE_INFO);

// SAFETY: a description is immutable and only points at 'static data (its
// name and itself), so sharing it between threads is sound.
unsafe impl Sync for ContextType {}

impl ContextType {
    /// The description of a context of `size` bytes named `name`; `unique`
    /// must be the address of the static that holds the result.
    pub const fn new(name: &'static CStr, size: usize, unique: *const Self) -> Self {
        Self(WDF_OBJECT_CONTEXT_TYPE_INFO {
            Size: size_of::<WDF_OBJECT_CONTEXT_TYPE_INFO>() as ULONG,
            ContextName: name.as_ptr(),
            ContextSize: size,
            UniqueType: unique.cast(),
            EvtDriverGetUniqueContextType: None,
        })
    }

    /// The pointer WDF identifies the type by.
    pub fn info(&'static self) -> PCWDF_OBJECT_CONTEXT_TYPE_INFO {
        &raw const self.0
    }

    /// The object's context, or null if the object has no context of this
    /// type.
    ///
    /// # Safety
    ///
    /// `handle` is a live WDF object.
    pub unsafe fn of<T>(&'static self, handle: WDFOBJECT) -> *mut T {
        // SAFETY: the caller guarantees a live handle; the description is
        // a valid 'static type info.
        unsafe { wdf!(WdfObjectGetTypedContextWorker, handle, self.info()) }.cast()
    }
}

/// Declares a context type description as a static placed in `.data`, as
/// the WDF headers do (`WDF_TYPE_DEFAULT_SECTION_NAME`).
macro_rules! context_type {
    ($(#[$doc:meta])* $name:ident: $ty:ty = $label:literal) => {
        $(#[$doc])*
        #[link_section = ".data"]
        pub static $name: $crate::context::ContextType = $crate::context::ContextType::new(
            $label,
            ::core::mem::size_of::<$ty>(),
            ::core::ptr::addr_of!($name),
        );
    };
}
pub(crate) use context_type;

/// `WDF_OBJECT_ATTRIBUTES_INIT` (+ `_CONTEXT_TYPE`) with a parent.
pub fn attributes(
    context: Option<&'static ContextType>,
    parent: WDFOBJECT,
) -> WDF_OBJECT_ATTRIBUTES {
    WDF_OBJECT_ATTRIBUTES {
        Size: size_of::<WDF_OBJECT_ATTRIBUTES>() as ULONG,
        ExecutionLevel: _WDF_EXECUTION_LEVEL::WdfExecutionLevelInheritFromParent,
        SynchronizationScope: _WDF_SYNCHRONIZATION_SCOPE::WdfSynchronizationScopeInheritFromParent,
        ParentObject: parent,
        ContextTypeInfo: context.map_or(core::ptr::null(), ContextType::info),
        ..WDF_OBJECT_ATTRIBUTES::default()
    }
}
