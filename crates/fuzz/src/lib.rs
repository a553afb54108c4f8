//! What the fuzz targets share: a byte source the input is read from (the
//! same input feeds the requests and, in `drive_answers`, the drive's
//! answers), and the interpreter of request sequences over the host stack.
//!
//! Inputs are plain bytes read field by field (no `arbitrary` derive), so
//! the seeds under `seeds/` are hand-readable: see `seeds/README.md` for the
//! encoding.

pub mod answers;

use std::cell::RefCell;
use std::sync::atomic::Ordering;

use cdfilter_core::dispatch::CallerWidth;
use cdfilter_core::handlers::media::poll_media;
use cdfilter_core::ioctl::TABLE;
use cdfilter_core::port::Port;
use cdfilter_core::Platform;
use cdfilter_host::model::Granted;
use cdfilter_host::{Handle, Stack};

/// The input, read front to back; reads past the end give zeros.
#[derive(Debug, Default)]
pub struct Source {
    data: Vec<u8>,
    pos: usize,
}

impl Source {
    /// A source over `data`.
    pub fn new(data: &[u8]) -> Self {
        Self {
            data: data.to_vec(),
            pos: 0,
        }
    }

    /// True when every byte was read.
    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// Up to `n` bytes (fewer at the end of the input).
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        let start = self.pos.min(self.data.len());
        let end = start.saturating_add(n).min(self.data.len());
        self.pos = end;
        self.data[start..end].to_vec()
    }

    /// One byte.
    pub fn u8(&mut self) -> u8 {
        self.bytes(1).first().copied().unwrap_or(0)
    }

    /// Two bytes, little-endian.
    pub fn u16(&mut self) -> u16 {
        u16::from(self.u8()) | u16::from(self.u8()) << 8
    }

    /// Four bytes, little-endian.
    pub fn u32(&mut self) -> u32 {
        u32::from(self.u16()) | u32::from(self.u16()) << 16
    }
}

/// Requests one sequence may hold.
pub const MAX_OPS: usize = 48;
/// Handles open at once.
pub const MAX_HANDLES: usize = 6;

/// Operations the interpreter knows (the low bits of the op byte):
/// - 0 open: `access` (bit 0 read, bit 1 write)
/// - 1, 2 IOCTL: `handle`, `code` (a table index; 0xFF: a raw u32
///   follows), `input length` (u16), the input, `output length` (u16, see
///   [`output_length`])
/// - 3 read: `handle`, `offset` (u32, in sectors unless bit 0 of `shape`),
///   `sectors` (u8, low 6 bits), `shape` (bit 0: byte offset, bit 1: one
///   odd byte more)
/// - 4 close (cleanup + close): `handle`
/// - 5 media poll
/// - 6.. left to the caller's `extra` hook (faults, media changes)
pub const OP_EXTRA: u8 = 6;

/// An output length from its encoding: the low 13 bits as they are (up to
/// 8191 bytes), or, with the top three bits set, 16 × the low 13 bits (up
/// to 128 KiB, past every 16-bit limit). Most requests stay small, so the
/// verifier's per-byte poison and scan stay cheap.
pub fn output_length(v: u16) -> usize {
    let low = usize::from(v & 0x1FFF);
    if v & 0xE000 == 0xE000 {
        low * 16
    } else {
        low
    }
}

/// How [`run_ops`] sends an IOCTL: handle, code, input, output length.
pub type SendIoctl<'a> = dyn FnMut(Handle, u32, &[u8], usize) + 'a;

/// Runs up to [`MAX_OPS`] operations read from `src` over `stack`, then
/// closes every handle and checks what must hold after all handles are
/// gone: no exclusive owner, no prevent count, no MCN disable, and no
/// verifier violation.
///
/// IOCTLs go through `ioctl` (a plain `Stack::ioctl`, or one that adds
/// the two-pattern leak check).
pub fn run_ops<P: Port>(
    stack: &Stack<P>,
    src: &RefCell<Source>,
    ioctl: &mut SendIoctl<'_>,
    extra: &mut dyn FnMut(u8, &RefCell<Source>),
) {
    let mut open: Vec<Handle> = Vec::new();
    for _ in 0..MAX_OPS {
        if src.borrow().is_empty() {
            break;
        }
        let op = src.borrow_mut().u8();
        let pick = |open: &[Handle], src: &RefCell<Source>| {
            let i = usize::from(src.borrow_mut().u8());
            open.get(i % open.len().max(1)).copied()
        };
        match op % 16 {
            0 => {
                let access = src.borrow_mut().u8();
                if open.len() < MAX_HANDLES {
                    // Bit 2: the handle belongs to a 32-bit (WOW64) process.
                    let caller = if access & 4 == 0 {
                        CallerWidth::Bits64
                    } else {
                        CallerWidth::Bits32
                    };
                    let granted = Granted {
                        read: access & 1 != 0,
                        write: access & 2 != 0,
                    };
                    open.push(stack.open_from(granted, caller));
                }
            }
            1 | 2 => {
                let h = pick(&open, src);
                let (code, input, out_len) = {
                    let mut s = src.borrow_mut();
                    let sel = s.u8();
                    let code = if sel == 0xFF {
                        s.u32()
                    } else {
                        TABLE[usize::from(sel) % TABLE.len()].code
                    };
                    let n = usize::from(s.u16());
                    let input = s.bytes(n);
                    let out_len = output_length(s.u16());
                    (code, input, out_len)
                };
                if let Some(h) = h {
                    ioctl(h, code, &input, out_len);
                }
            }
            3 => {
                let h = pick(&open, src);
                let (offset, len) = {
                    let mut s = src.borrow_mut();
                    let at = u64::from(s.u32());
                    let sectors = usize::from(s.u8() & 0x3F);
                    let shape = s.u8();
                    let offset = if shape & 1 != 0 { at } else { at * 2048 };
                    (offset, sectors * 2048 + usize::from(shape >> 1 & 1))
                };
                if let Some(h) = h {
                    let _ = stack.read(h, offset, len);
                }
            }
            4 => {
                if !open.is_empty() {
                    let i = usize::from(src.borrow_mut().u8()) % open.len();
                    stack.close_handle(open.remove(i));
                }
            }
            5 => poll_media(stack.device()),
            k => extra(k, src),
        }
    }
    for h in open {
        stack.close_handle(h);
    }
    check_released(stack);
}

/// After every handle closed: nothing any handle took is still held.
pub fn check_released<P: Port>(stack: &Stack<P>) {
    let dev = stack.device();
    assert_eq!(
        dev.shared.exclusive_owner.load(Ordering::Relaxed),
        0,
        "exclusive lock outlived its handle"
    );
    let (simple, secure, mcn) = dev.platform.serialize(|u| {
        (
            u.state.lock_count,
            u.state.protected_lock_count,
            u.state.media.mcn_disable_count,
        )
    });
    assert_eq!(
        (simple, secure, mcn),
        (0, 0, 0),
        "prevent counts or MCN disables outlived their handles"
    );
    assert!(
        !stack.lower_polling_suspended(),
        "the class driver's polling stayed stopped after every handle closed"
    );
    stack.assert_no_violations();
}
