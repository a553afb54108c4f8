//! The Rust side of the ABI comparison: one entry per structure size, field
//! offset and constant, naming the C item it must equal.

/// One item to compare.
#[derive(Clone, Copy, Debug)]
#[allow(dead_code, reason = "each test binary uses only some variants")]
pub enum Item {
    /// `sizeof(c)` equals the Rust size.
    Size {
        /// C type name.
        c: &'static str,
        /// Rust `size_of`.
        rust: usize,
    },
    /// `offsetof(c, field)` equals the Rust offset.
    Offset {
        /// C type name.
        c: &'static str,
        /// C field name (may be a path like `Access.RequestType`).
        field: &'static str,
        /// Rust `offset_of!`.
        rust: usize,
    },
    /// A C constant equals the Rust one.
    Const {
        /// C macro or enumerator.
        c: &'static str,
        /// Rust value.
        rust: i64,
    },
    /// Not in mingw: compared with the spec's number.
    Spec {
        /// What.
        name: &'static str,
        /// Rust value.
        rust: i64,
        /// The spec's value.
        spec: i64,
    },
}

/// Filled as the ABI modules land.
pub const ITEMS: &[Item] = &[Item::Spec {
    name: "MAXIMUM_CDROM_INQUIRY_SIZE",
    rust: cdfilter_core::device::INQUIRY_MAX as i64,
    spec: 260,
}];
