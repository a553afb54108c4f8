//! The real driver on Windows: CreateFileW, DeviceIoControl and ReadFile
//! on an overlapped handle. The driver's NTSTATUS and Information are read
//! from the request's OVERLAPPED (its I/O status block); everything else
//! about a reply ([`super::win32::completion`]) is plain code tested on
//! every platform. The drive's CDBs are not visible from user mode.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::c_void;

use windows_sys::Win32::Foundation::{
    CloseHandle, GetLastError, ERROR_IO_PENDING, GENERIC_READ, GENERIC_WRITE, HANDLE,
    INVALID_HANDLE_VALUE,
};
use windows_sys::Win32::Storage::FileSystem::{
    CreateFileW, ReadFile, FILE_FLAG_OVERLAPPED, FILE_SHARE_READ, FILE_SHARE_WRITE, OPEN_EXISTING,
};
use windows_sys::Win32::System::Threading::CreateEventW;
use windows_sys::Win32::System::IO::{DeviceIoControl, GetOverlappedResult, OVERLAPPED};

use super::win32::{completion, status_of_win32_error};
use super::{Backend, Handle, Reply};
use crate::error::{Error, Failure};

/// Handles to one device path.
pub struct DeviceBackend {
    path: String,
    handles: RefCell<HashMap<u64, HANDLE>>,
    next: RefCell<u64>,
}

impl DeviceBackend {
    /// A backend for `path` (`\\.\CdRom0`); handles are opened on demand.
    pub fn new(path: &str) -> Self {
        Self {
            path: path.to_owned(),
            handles: RefCell::new(HashMap::new()),
            next: RefCell::new(1),
        }
    }

    fn handle(&self, h: Handle) -> HANDLE {
        self.handles
            .borrow()
            .get(&h.0)
            .copied()
            .unwrap_or(INVALID_HANDLE_VALUE)
    }
}

/// Waits for an overlapped request started with `ok` and returns its
/// status and Information.
fn finish(file: HANDLE, ok: bool, ov: &mut OVERLAPPED, event: HANDLE) -> (u32, usize) {
    // SAFETY: GetLastError only reads the calling thread's last error.
    let mut error = unsafe { GetLastError() };
    if ok || error == ERROR_IO_PENDING {
        let mut n = 0u32;
        // SAFETY: `ov` is the OVERLAPPED of a request started on `file`; it
        // and `n` outlive the call, which waits (bWait = TRUE).
        let done = unsafe { GetOverlappedResult(file, ov, &raw mut n, 1) };
        if done == 0 {
            // SAFETY: as above.
            error = unsafe { GetLastError() };
        }
    }
    if !event.is_null() {
        // SAFETY: `event` was created by CreateEventW and is closed once.
        unsafe { CloseHandle(event) };
    }
    // DeviceIoControl sets Internal to STATUS_PENDING before the request
    // starts; `completion` falls back to the Win32 error when the I/O
    // manager never wrote the status block.
    let (status, information) = completion(ok, error, Some((ov.Internal, ov.InternalHigh)));
    (status.0, information)
}

fn overlapped(offset: u64) -> (OVERLAPPED, HANDLE) {
    // SAFETY: a manual-reset, unnamed, non-signalled event with default
    // security; the null pointers are allowed.
    let event = unsafe { CreateEventW(std::ptr::null(), 1, 0, std::ptr::null()) };
    // SAFETY: OVERLAPPED is plain data for which all-zero is the documented
    // initial state.
    let mut ov: OVERLAPPED = unsafe { std::mem::zeroed() };
    ov.Anonymous.Anonymous.Offset = offset as u32;
    ov.Anonymous.Anonymous.OffsetHigh = (offset >> 32) as u32;
    ov.hEvent = event;
    (ov, event)
}

fn reply(status: u32, information: usize, mut out: Vec<u8>) -> Reply {
    let status = cdfilter_core::status::NtStatus(status);
    if status.is_error() {
        out.clear();
    } else {
        out.truncate(information);
    }
    Reply {
        status,
        information,
        out,
        cdbs: Vec::new(),
    }
}

impl Backend for DeviceBackend {
    fn open(&self) -> Result<Handle, Error> {
        let wide: Vec<u16> = self.path.encode_utf16().chain([0]).collect();
        // SAFETY: `wide` is NUL-terminated and outlives the call; no
        // security attributes and no template file.
        let file = unsafe {
            CreateFileW(
                wide.as_ptr(),
                GENERIC_READ | GENERIC_WRITE,
                FILE_SHARE_READ | FILE_SHARE_WRITE,
                std::ptr::null(),
                OPEN_EXISTING,
                FILE_FLAG_OVERLAPPED,
                std::ptr::null_mut(),
            )
        };
        if file == INVALID_HANDLE_VALUE {
            // SAFETY: GetLastError only reads the calling thread's last error.
            let error = unsafe { GetLastError() };
            return Err(Error::Device(Failure {
                request: format!("CreateFile {}", self.path),
                status: status_of_win32_error(error),
                information: 0,
                meaning: format!("cannot open the device (Win32 error {error})"),
            }));
        }
        let mut next = self.next.borrow_mut();
        let id = *next;
        *next += 1;
        self.handles.borrow_mut().insert(id, file);
        Ok(Handle(id))
    }

    fn ioctl(&self, h: Handle, code: u32, input: &[u8], out_len: usize) -> Reply {
        let file = self.handle(h);
        let mut out = vec![0u8; out_len];
        let (mut ov, event) = overlapped(0);
        // SAFETY: the buffers and `ov` stay alive and unmoved until `finish`
        // has waited for the request to complete. The byte count comes from
        // the OVERLAPPED, so lpBytesReturned is NULL (allowed, and the
        // documented choice, for an overlapped request).
        let ok = unsafe {
            DeviceIoControl(
                file,
                code,
                input.as_ptr().cast::<c_void>(),
                input.len() as u32,
                out.as_mut_ptr().cast::<c_void>(),
                out_len as u32,
                std::ptr::null_mut(),
                &raw mut ov,
            )
        };
        let (status, information) = finish(file, ok != 0, &mut ov, event);
        reply(status, information, out)
    }

    fn read(&self, h: Handle, offset: u64, len: usize) -> Reply {
        let file = self.handle(h);
        let mut out = vec![0u8; len];
        let (mut ov, event) = overlapped(offset);
        // SAFETY: as for DeviceIoControl above.
        let ok = unsafe {
            ReadFile(
                file,
                out.as_mut_ptr(),
                len as u32,
                std::ptr::null_mut(),
                &raw mut ov,
            )
        };
        let (status, information) = finish(file, ok != 0, &mut ov, event);
        reply(status, information, out)
    }

    fn close(&self, h: Handle) {
        if let Some(file) = self.handles.borrow_mut().remove(&h.0) {
            // SAFETY: `file` came from CreateFileW and is closed once.
            unsafe { CloseHandle(file) };
        }
    }

    fn describe(&self) -> String {
        format!("{} through DeviceIoControl", self.path)
    }
}
