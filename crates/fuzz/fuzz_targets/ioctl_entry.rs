//! The whole IOCTL entry point over the host stack and the simulated drive:
//! sequences of opens, IOCTLs (codes from the table or random) with
//! arbitrary input bytes and output lengths, reads, cleanups and closes over
//! several handles. The stack's verifier must record no violation and
//! nothing may panic.
#![no_main]

use arbitrary::Arbitrary;
use cdfilter_core::ioctl::TABLE;
use cdfilter_host::model::Granted;
use cdfilter_host::sim::SimDrive;
use cdfilter_host::{Handle, Stack};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Code {
    Table(u8),
    Raw(u32),
}

#[derive(Arbitrary, Debug)]
enum Op {
    Open {
        write: bool,
    },
    Ioctl {
        handle: u8,
        code: Code,
        input: Vec<u8>,
        out_len: u16,
    },
    Read {
        handle: u8,
        offset: u32,
        sectors: u8,
        odd: bool,
    },
    Close {
        handle: u8,
    },
}

fuzz_target!(|ops: Vec<Op>| {
    let stack = Stack::new(SimDrive::default());
    let mut open: Vec<Handle> = Vec::new();
    for op in ops.into_iter().take(64) {
        match op {
            Op::Open { write } => {
                if open.len() < 8 {
                    open.push(stack.open(if write {
                        Granted::READ_WRITE
                    } else {
                        Granted::READ
                    }));
                }
            }
            Op::Ioctl {
                handle,
                code,
                input,
                out_len,
            } => {
                let Some(&h) = open.get(usize::from(handle) % open.len().max(1)) else {
                    continue;
                };
                let code = match code {
                    Code::Table(i) => TABLE[usize::from(i) % TABLE.len()].code,
                    Code::Raw(c) => c,
                };
                let _ = stack.ioctl(h, code, &input, usize::from(out_len));
            }
            Op::Read {
                handle,
                offset,
                sectors,
                odd,
            } => {
                let Some(&h) = open.get(usize::from(handle) % open.len().max(1)) else {
                    continue;
                };
                let len = usize::from(sectors) * 2048 + usize::from(odd);
                let _ = stack.read(h, u64::from(offset) * if odd { 1 } else { 2048 }, len);
            }
            Op::Close { handle } => {
                if !open.is_empty() {
                    let h = open.remove(usize::from(handle) % open.len());
                    stack.close_handle(h);
                }
            }
        }
    }
    for h in open {
        stack.close_handle(h);
    }
    let v = stack.violations();
    assert!(v.is_empty(), "verifier violations: {v:?}");
});
