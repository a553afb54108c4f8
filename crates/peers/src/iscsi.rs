//! A tgt (or any iSCSI) MMC logical unit as a [`Port`], through libiscsi.
//!
//! There is no maintained libiscsi binding crate, so the few functions used
//! are declared here by hand ([`ffi`]). libiscsi hands back a `struct
//! scsi_task` whose fields are read through raw pointers at offsets the
//! build script measured with `offsetof` against the installed headers
//! (never hard-coded). Every `unsafe` block holds one operation and says why
//! it is sound.
//!
//! Only loopback portals are accepted: the peers are test fixtures on this
//! machine, never a remote target.

#[cfg(cdfilter_libiscsi)]
use std::ffi::{CStr, CString};

#[cfg(cdfilter_libiscsi)]
use cdfilter_core::port::{scsi_status, DataPhase};
use cdfilter_core::port::{Command, Port, PortResult, SrbStatus};

use crate::{PeerError, Result};

/// Seconds libiscsi waits for a command before failing it with a timeout.
#[cfg(cdfilter_libiscsi)]
const COMMAND_TIMEOUT_SECS: i32 = 30;

/// The initiator name this port logs in with.
pub const INITIATOR: &str = "iqn.2024-01.org.cdfilter:peers";

/// True when `url`'s portal host is on the loopback interface
/// (127.0.0.0/8, `localhost`, `::1`).
pub fn is_loopback_url(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("iscsi://") else {
        return false;
    };
    let authority = rest.split('/').next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    if host == "localhost" {
        return true;
    }
    host.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(cdfilter_libiscsi)]
pub mod ffi {
    //! The libiscsi functions and layout constants this port uses.
    //!
    //! The constants come from `$OUT_DIR/iscsi_layout.rs`, written by the
    //! build script's `offsetof` probe.

    use std::ffi::{c_char, c_int, c_void};

    include!(concat!(env!("OUT_DIR"), "/iscsi_layout.rs"));

    // The fields are read with the widths declared here; the probe's sizes
    // must agree or the build stops.
    const _: () = assert!(TASK_STATUS_SIZE == size_of::<c_int>());
    const _: () = assert!(TASK_SENSE_KEY_SIZE == size_of::<c_int>());
    const _: () = assert!(TASK_SENSE_ASCQ_SIZE == size_of::<c_int>());
    const _: () = assert!(TASK_DATAIN_SIZE_SIZE == size_of::<c_int>());
    const _: () = assert!(TASK_DATAIN_DATA_SIZE == size_of::<*mut u8>());
    const _: () = assert!(URL_LUN_SIZE == size_of::<c_int>());
    const _: () = assert!(ISCSI_DATA_LEN == size_of::<IscsiData>());
    const _: () = assert!(ISCSI_DATA_SIZE_SIZE == size_of::<usize>());
    const _: () = assert!(ISCSI_DATA_DATA == size_of::<usize>());

    /// `struct iscsi_context` (opaque).
    #[repr(C)]
    pub struct IscsiContext {
        _opaque: [u8; 0],
    }

    /// `struct scsi_task` (read through the probed offsets).
    #[repr(C)]
    pub struct ScsiTask {
        _opaque: [u8; 0],
    }

    /// `struct iscsi_url` (read through the probed offsets).
    #[repr(C)]
    pub struct IscsiUrl {
        _opaque: [u8; 0],
    }

    /// `struct iscsi_data`: a data-out buffer.
    #[repr(C)]
    pub struct IscsiData {
        /// Bytes.
        pub size: usize,
        /// The buffer (libiscsi only reads it).
        pub data: *mut u8,
    }

    extern "C" {
        /// `iscsi_create_context`.
        pub fn iscsi_create_context(initiator_name: *const c_char) -> *mut IscsiContext;
        /// `iscsi_parse_full_url`.
        pub fn iscsi_parse_full_url(iscsi: *mut IscsiContext, url: *const c_char) -> *mut IscsiUrl;
        /// `iscsi_destroy_url`.
        pub fn iscsi_destroy_url(url: *mut IscsiUrl);
        /// `iscsi_set_targetname`.
        pub fn iscsi_set_targetname(iscsi: *mut IscsiContext, name: *const c_char) -> c_int;
        /// `iscsi_set_session_type`.
        pub fn iscsi_set_session_type(iscsi: *mut IscsiContext, session_type: c_int) -> c_int;
        /// `iscsi_set_header_digest`.
        pub fn iscsi_set_header_digest(iscsi: *mut IscsiContext, digest: c_int) -> c_int;
        /// `iscsi_set_timeout`: bounds every synchronous command.
        pub fn iscsi_set_timeout(iscsi: *mut IscsiContext, timeout: c_int) -> c_int;
        /// `iscsi_set_noautoreconnect`: a lost connection fails the command
        /// (and the logout) instead of being re-established forever.
        pub fn iscsi_set_noautoreconnect(iscsi: *mut IscsiContext, state: c_int);
        /// `iscsi_full_connect_sync`.
        pub fn iscsi_full_connect_sync(
            iscsi: *mut IscsiContext,
            portal: *const c_char,
            lun: c_int,
        ) -> c_int;
        /// `scsi_create_task`.
        pub fn scsi_create_task(
            cdb_size: c_int,
            cdb: *mut u8,
            xfer_dir: c_int,
            expxferlen: c_int,
        ) -> *mut ScsiTask;
        /// `iscsi_scsi_command_sync`.
        pub fn iscsi_scsi_command_sync(
            iscsi: *mut IscsiContext,
            lun: c_int,
            task: *mut ScsiTask,
            data: *mut IscsiData,
        ) -> *mut ScsiTask;
        /// `scsi_free_scsi_task`.
        pub fn scsi_free_scsi_task(task: *mut ScsiTask);
        /// `iscsi_get_error`.
        pub fn iscsi_get_error(iscsi: *mut IscsiContext) -> *const c_char;
        /// `iscsi_logout_sync`.
        pub fn iscsi_logout_sync(iscsi: *mut IscsiContext) -> c_int;
        /// `iscsi_destroy_context`.
        pub fn iscsi_destroy_context(iscsi: *mut IscsiContext) -> c_int;
    }

    /// Reads a `T` at `offset` bytes into the object at `base`.
    ///
    /// # Safety
    ///
    /// `base` must point to a live object at least `offset + size_of::<T>()`
    /// bytes long whose bytes at `offset` hold a valid `T`.
    pub unsafe fn field<T: Copy>(base: *const c_void, offset: usize) -> T {
        // SAFETY: the caller guarantees `offset` is inside the object.
        let p = unsafe { base.cast::<u8>().add(offset) };
        // SAFETY: the caller guarantees a valid `T` there; the read does not
        // assume alignment.
        unsafe { p.cast::<T>().read_unaligned() }
    }
}

/// An iSCSI logical unit.
///
/// Dropping the port logs out and frees the libiscsi context.
pub struct IscsiPort {
    #[cfg(cdfilter_libiscsi)]
    ctx: std::ptr::NonNull<ffi::IscsiContext>,
    #[cfg(cdfilter_libiscsi)]
    lun: i32,
    url: String,
}

impl std::fmt::Debug for IscsiPort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IscsiPort")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

// SAFETY: the libiscsi context is owned by this value alone and only used
// through `&mut self` (or in `drop`), so it is never touched by two threads
// at once; libiscsi keeps no thread-local state for a context.
unsafe impl Send for IscsiPort {}

impl IscsiPort {
    /// The URL this port is logged in to.
    pub fn url(&self) -> &str {
        &self.url
    }
}

#[cfg(not(cdfilter_libiscsi))]
impl IscsiPort {
    /// Always fails: this build has no libiscsi (see the build script's
    /// warning). A portal off loopback is refused first, as with libiscsi.
    pub fn connect(url: &str) -> Result<Self> {
        if !is_loopback_url(url) {
            return Err(PeerError::NotLoopback(url.to_owned()));
        }
        Err(PeerError::Missing {
            program: "libiscsi",
            hint: "apt-get install libiscsi-dev, then rebuild",
        })
    }
}

#[cfg(not(cdfilter_libiscsi))]
impl Port for IscsiPort {
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        let _ = cmd;
        PortResult::srb_error(SrbStatus::NO_DEVICE)
    }

    fn max_transfer_bytes(&self) -> u32 {
        64 * 1024
    }
}

#[cfg(cdfilter_libiscsi)]
impl IscsiPort {
    /// Logs in to `url` (`iscsi://127.0.0.1:PORT/IQN/LUN`), which must name
    /// a loopback portal.
    pub fn connect(url: &str) -> Result<Self> {
        use std::ptr::NonNull;

        if !is_loopback_url(url) {
            return Err(PeerError::NotLoopback(url.to_owned()));
        }
        let c_url = CString::new(url).map_err(|_| PeerError::Protocol("NUL in URL".to_owned()))?;
        let initiator = CString::new(INITIATOR)
            .map_err(|_| PeerError::Protocol("NUL in initiator name".to_owned()))?;
        // SAFETY: `initiator` is a NUL-terminated string that outlives the
        // call (libiscsi copies it).
        let raw = unsafe { ffi::iscsi_create_context(initiator.as_ptr()) };
        let ctx = NonNull::new(raw)
            .ok_or_else(|| PeerError::Protocol("iscsi_create_context failed".to_owned()))?;
        // From here on, `port`'s Drop frees the context on every error path.
        let mut port = Self {
            ctx,
            lun: 0,
            url: url.to_owned(),
        };
        let (portal, target, lun) = port.parse_url(&c_url)?;
        port.lun = lun;
        let c = port.ctx.as_ptr();
        // SAFETY: `c` is a live context; `target` is NUL-terminated and
        // copied by libiscsi.
        let rc = unsafe { ffi::iscsi_set_targetname(c, target.as_ptr()) };
        port.check(rc, "iscsi_set_targetname")?;
        // SAFETY: `c` is a live context; the value is the probed enum value.
        let rc = unsafe { ffi::iscsi_set_session_type(c, ffi::SESSION_NORMAL) };
        port.check(rc, "iscsi_set_session_type")?;
        // SAFETY: as above.
        let rc = unsafe { ffi::iscsi_set_header_digest(c, ffi::HEADER_DIGEST_NONE) };
        port.check(rc, "iscsi_set_header_digest")?;
        // SAFETY: `c` is a live context.
        let rc = unsafe { ffi::iscsi_set_timeout(c, COMMAND_TIMEOUT_SECS) };
        port.check(rc, "iscsi_set_timeout")?;
        // SAFETY: `c` is a live context.
        unsafe { ffi::iscsi_set_noautoreconnect(c, 1) };
        // SAFETY: `c` is a live, not yet connected context; `portal` is
        // NUL-terminated and copied by libiscsi.
        let rc = unsafe { ffi::iscsi_full_connect_sync(c, portal.as_ptr(), lun) };
        port.check(rc, "iscsi_full_connect_sync")?;
        Ok(port)
    }

    /// Portal, target name and LUN of a parsed URL.
    fn parse_url(&self, url: &CStr) -> Result<(CString, CString, i32)> {
        let c = self.ctx.as_ptr();
        // SAFETY: `c` is a live context, `url` NUL-terminated.
        let parsed = unsafe { ffi::iscsi_parse_full_url(c, url.as_ptr()) };
        if parsed.is_null() {
            return Err(PeerError::Protocol(format!(
                "{}: {}",
                url.to_string_lossy(),
                self.last_error()
            )));
        }
        let base = parsed.cast_const().cast::<std::ffi::c_void>();
        let text = |offset: usize, size: usize| -> CString {
            let bytes: Vec<u8> = (0..size)
                // SAFETY: `parsed` is a live `struct iscsi_url`; the probe
                // measured the char array at `offset` to be `size` bytes.
                .map(|i| unsafe { ffi::field::<u8>(base, offset + i) })
                .take_while(|&b| b != 0)
                .collect();
            CString::new(bytes).unwrap_or_default()
        };
        let portal = text(ffi::URL_PORTAL, ffi::URL_PORTAL_SIZE);
        let target = text(ffi::URL_TARGET, ffi::URL_TARGET_SIZE);
        // SAFETY: `parsed` is live and `lun` is an int at the probed offset.
        let lun = unsafe { ffi::field::<i32>(base, ffi::URL_LUN) };
        // SAFETY: `parsed` came from iscsi_parse_full_url and is freed once.
        unsafe { ffi::iscsi_destroy_url(parsed) };
        Ok((portal, target, lun))
    }

    fn last_error(&self) -> String {
        // SAFETY: the context is live.
        let msg = unsafe { ffi::iscsi_get_error(self.ctx.as_ptr()) };
        if msg.is_null() {
            return String::new();
        }
        // SAFETY: libiscsi returns a NUL-terminated string owned by the
        // context, valid until the next call on it; it is copied at once.
        unsafe { CStr::from_ptr(msg) }
            .to_string_lossy()
            .into_owned()
    }

    fn check(&self, rc: i32, what: &str) -> Result<()> {
        if rc == 0 {
            Ok(())
        } else {
            Err(PeerError::Protocol(format!(
                "{what} ({}): {}",
                self.url,
                self.last_error()
            )))
        }
    }

    /// Turns a completed task into the port's answer, copying data-in.
    fn answer(task: *const std::ffi::c_void, data: &mut DataPhase<'_>) -> PortResult {
        // SAFETY (all reads below): `task` is a live `struct scsi_task`
        // returned by iscsi_scsi_command_sync and not yet freed; the offsets
        // and widths come from the build-time probe.
        // SAFETY: see above.
        let status = unsafe { ffi::field::<i32>(task, ffi::TASK_STATUS) };
        // SAFETY: see above.
        let in_size = unsafe { ffi::field::<i32>(task, ffi::TASK_DATAIN_SIZE) };
        // SAFETY: see above.
        let in_data = unsafe { ffi::field::<*const u8>(task, ffi::TASK_DATAIN_DATA) };
        let received: &[u8] = match usize::try_from(in_size) {
            Ok(n) if n > 0 && !in_data.is_null() => {
                // SAFETY: libiscsi owns `n` initialised bytes at `in_data`
                // until the task is freed, which happens after this copy.
                unsafe { std::slice::from_raw_parts(in_data, n) }
            }
            _ => &[],
        };
        match status {
            ffi::STATUS_GOOD => {
                let DataPhase::In(buf) = data else {
                    return PortResult::good(0);
                };
                let n = received.len().min(buf.len());
                buf[..n].copy_from_slice(&received[..n]);
                if n < buf.len() {
                    let mut r = PortResult::srb_error(SrbStatus::DATA_OVERRUN);
                    r.transferred = n as u32;
                    r
                } else {
                    PortResult::good(n as u32)
                }
            }
            ffi::STATUS_CHECK_CONDITION => {
                // libiscsi keeps the sense segment (a 2-byte length, then
                // the sense bytes) as the task's data-in.
                let mut r = PortResult::srb_error(SrbStatus::ERROR);
                r.scsi_status = scsi_status::CHECK_CONDITION;
                let sense = received
                    .get(2..)
                    .filter(|s| s.len() >= 8 && matches!(s[0] & 0x7F, 0x70..=0x73));
                if let Some(s) = sense {
                    let n = s.len().min(r.sense.len());
                    r.sense[..n].copy_from_slice(&s[..n]);
                    r.sense_len = n as u8;
                } else {
                    // SAFETY: see above.
                    let key = unsafe { ffi::field::<i32>(task, ffi::TASK_SENSE_KEY) };
                    // SAFETY: see above.
                    let ascq = unsafe { ffi::field::<i32>(task, ffi::TASK_SENSE_ASCQ) };
                    let cc = PortResult::check_condition(key as u8, (ascq >> 8) as u8, ascq as u8);
                    r.sense = cc.sense;
                    r.sense_len = cc.sense_len;
                }
                r
            }
            ffi::STATUS_TIMEOUT => PortResult::srb_error(SrbStatus::COMMAND_TIMEOUT),
            // Nothing here aborts tasks: a cancelled task is one whose
            // connection went away (auto-reconnect is off), i.e. the target
            // is gone.
            ffi::STATUS_CANCELLED => PortResult::srb_error(SrbStatus::SELECTION_TIMEOUT),
            ffi::STATUS_ERROR => PortResult::srb_error(SrbStatus::UNEXPECTED_BUS_FREE),
            other => {
                let mut r = PortResult::srb_error(SrbStatus::ERROR);
                r.scsi_status = other as u8;
                r
            }
        }
    }
}

#[cfg(cdfilter_libiscsi)]
impl Port for IscsiPort {
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        let Command { cdb, mut data, .. } = cmd;
        let mut cdb_bytes = [0u8; 16];
        let len = cdb.len();
        cdb_bytes[..len].copy_from_slice(cdb.as_bytes());
        let (dir, expected) = match &data {
            DataPhase::None => (ffi::XFER_NONE, 0),
            DataPhase::In(b) => (ffi::XFER_READ, b.len()),
            DataPhase::Out(b) => (ffi::XFER_WRITE, b.len()),
        };
        let Ok(expected) = i32::try_from(expected) else {
            return PortResult::srb_error(SrbStatus::INVALID_REQUEST);
        };
        // SAFETY: `cdb_bytes` holds `len` (≤ 16) valid bytes; libiscsi
        // copies them into the new task.
        let task =
            unsafe { ffi::scsi_create_task(len as i32, cdb_bytes.as_mut_ptr(), dir, expected) };
        if task.is_null() {
            return PortResult::srb_error(SrbStatus::INTERNAL_ERROR);
        }
        let mut out = match &data {
            DataPhase::Out(b) => Some(ffi::IscsiData {
                size: b.len(),
                // libiscsi only reads data-out buffers.
                data: b.as_ptr().cast_mut(),
            }),
            DataPhase::None | DataPhase::In(_) => None,
        };
        let out_ptr = out
            .as_mut()
            .map_or(std::ptr::null_mut(), std::ptr::from_mut);
        // SAFETY: the context is live and logged in, `task` is a fresh task,
        // and `out_ptr` is null or points to an iscsi_data (and its buffer)
        // that outlives the synchronous call.
        let done =
            unsafe { ffi::iscsi_scsi_command_sync(self.ctx.as_ptr(), self.lun, task, out_ptr) };
        let result = if done.is_null() {
            // The command never reached the target (connection lost).
            PortResult::srb_error(SrbStatus::SELECTION_TIMEOUT)
        } else {
            Self::answer(done.cast_const().cast(), &mut data)
        };
        // SAFETY: `task` came from scsi_create_task; the synchronous call
        // returned it (or nothing) and holds no reference to it any more.
        unsafe { ffi::scsi_free_scsi_task(task) };
        result
    }

    fn max_transfer_bytes(&self) -> u32 {
        64 * 1024
    }

    fn delay(&mut self, hundred_ns: u64) {
        std::thread::sleep(std::time::Duration::from_nanos(
            hundred_ns.saturating_mul(100),
        ));
    }
}

#[cfg(cdfilter_libiscsi)]
impl Drop for IscsiPort {
    fn drop(&mut self) {
        let c = self.ctx.as_ptr();
        // SAFETY: the context is live; logging out of a context that never
        // logged in just fails.
        let _ = unsafe { ffi::iscsi_logout_sync(c) };
        // SAFETY: the context is live and freed exactly once, here.
        let _ = unsafe { ffi::iscsi_destroy_context(c) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_urls() {
        assert!(is_loopback_url("iscsi://127.0.0.1:3260/iqn.x:cd/1"));
        assert!(is_loopback_url("iscsi://127.8.0.3/iqn.x:cd/1"));
        assert!(is_loopback_url("iscsi://localhost:3270/iqn.x:cd/1"));
        assert!(is_loopback_url("iscsi://[::1]:3260/iqn.x:cd/1"));
        assert!(is_loopback_url("iscsi://u%p@127.0.0.1/iqn.x:cd/1"));
        assert!(!is_loopback_url("iscsi://10.0.0.1/iqn.x:cd/1"));
        assert!(!is_loopback_url("iscsi://example.com/iqn.x:cd/1"));
        assert!(!is_loopback_url("http://127.0.0.1/"));
    }
}
