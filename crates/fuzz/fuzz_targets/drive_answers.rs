//! A drive whose every answer comes from the input: data of any length and
//! content (so every answer view meets lying length fields), a transfer
//! count that may disagree with the data (under, over, past the buffer),
//! any SRB status, any SCSI status, any sense bytes. Device start (INQUIRY
//! caching, the capability probe's feature walk and page 0x2A) and then a
//! request sequence run over it, with any adapter transfer limit and
//! alignment mask (0 and 1 included). Every IOCTL is sent twice with two
//! poison patterns while the drive replays its answers, so a byte returned
//! without being written shows exactly. Nothing may panic, the verifier
//! must record no violation, and once every handle is closed nothing a
//! handle took may still be held.
//!
//! Input: `limit` (u8: 0 → 0 bytes, 1 → 1 byte, 2 → 2048, 3 → 65536, else
//! n × 512), `alignment` (u8: mask = (1 << (n % 4)) − 1), then requests and
//! answers interleaved in the order they are needed. One answer: `kind`
//! (u8), then per kind (low 3 bits):
//! - 0, 1 GOOD: `len` (u16) data bytes, the count is the bytes written
//! - 2 GOOD with a count of its own: `len`, data, `count` (u32)
//! - 3 DATA_OVERRUN: `len`, data, the count is the bytes written
//! - 4 CHECK CONDITION: `sense_len` (u8), sense bytes
//! - 5 any SRB status (u8) and SCSI status (u8), no data
//! - 6 GOOD, no data
//! - 7 ILLEGAL REQUEST / INVALID OPCODE
#![no_main]

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use cdfilter_core::port::{
    scsi_status, Command, DataPhase, Port, PortResult, SrbStatus, SENSE_LEN,
};
use cdfilter_fuzz::{run_ops, Source};
use cdfilter_host::Stack;
use libfuzzer_sys::fuzz_target;

/// One answer: the data-in bytes and the result (with `transferred` =
/// `None`: the bytes actually written).
#[derive(Clone)]
struct Answer {
    data: Vec<u8>,
    result: PortResult,
    count_is_written: bool,
}

/// Whether answers come from the input, are recorded as they do, or are
/// replayed (the second send of a leak-checked request sees the drive
/// answer exactly as the first did).
enum Mode {
    Live,
    Record(Vec<Answer>),
    Replay(VecDeque<Answer>),
}

struct AnswerPort {
    src: Rc<RefCell<Source>>,
    limit: u32,
    mask: u32,
    mode: Mode,
}

impl AnswerPort {
    /// The next answer read from the input.
    fn read(&mut self) -> Answer {
        let mut s = self.src.borrow_mut();
        let kind = s.u8();
        let written = |data: Vec<u8>, result: PortResult| Answer {
            data,
            result,
            count_is_written: true,
        };
        match kind & 7 {
            0 | 1 => {
                let len = usize::from(s.u16());
                written(s.bytes(len), PortResult::good(0))
            }
            2 => {
                let len = usize::from(s.u16());
                let data = s.bytes(len);
                Answer {
                    data,
                    result: PortResult::good(s.u32()),
                    count_is_written: false,
                }
            }
            3 => {
                let len = usize::from(s.u16());
                written(s.bytes(len), PortResult::srb_error(SrbStatus::DATA_OVERRUN))
            }
            4 => {
                let n = usize::from(s.u8()) % (SENSE_LEN + 1);
                let bytes = s.bytes(n);
                let mut r = PortResult::srb_error(SrbStatus::ERROR);
                r.scsi_status = scsi_status::CHECK_CONDITION;
                r.sense[..bytes.len()].copy_from_slice(&bytes);
                r.sense_len = bytes.len() as u8;
                written(Vec::new(), r)
            }
            5 => {
                let mut r = PortResult::srb_error(SrbStatus(s.u8() & 0x3F));
                r.scsi_status = s.u8();
                written(Vec::new(), r)
            }
            6 => written(Vec::new(), PortResult::good(0)),
            _ => written(Vec::new(), PortResult::check_condition(5, 0x20, 0)),
        }
    }
}

impl Port for AnswerPort {
    fn execute(&mut self, mut cmd: Command<'_>) -> PortResult {
        let answer = match &mut self.mode {
            Mode::Replay(queue) => match queue.pop_front() {
                Some(a) => a,
                None => self.read(),
            },
            Mode::Live | Mode::Record(_) => self.read(),
        };
        if let Mode::Record(tape) = &mut self.mode {
            tape.push(answer.clone());
        }
        let written = match &mut cmd.data {
            DataPhase::In(buf) => {
                let n = buf.len().min(answer.data.len());
                buf[..n].copy_from_slice(&answer.data[..n]);
                n
            }
            _ => 0,
        };
        let mut r = answer.result;
        if answer.count_is_written {
            r.transferred = written as u32;
        }
        r
    }

    fn max_transfer_bytes(&self) -> u32 {
        self.limit
    }

    fn alignment_mask(&self) -> u32 {
        self.mask
    }
}

fuzz_target!(|data: &[u8]| {
    let src = Rc::new(RefCell::new(Source::new(data)));
    let (limit, mask) = {
        let mut s = src.borrow_mut();
        let limit = match s.u8() {
            0 => 0,
            1 => 1,
            2 => 2048,
            3 => 65536,
            n => u32::from(n) * 512,
        };
        (limit, (1u32 << (s.u8() % 4)) - 1)
    };
    let stack = Stack::new(AnswerPort {
        src: Rc::clone(&src),
        limit,
        mask,
        mode: Mode::Live,
    });
    // The fuzzer can learn the poison pattern from the verifier's
    // comparisons and hand it back as answer data: the one-pattern check
    // would call that stale. Every IOCTL is sent twice instead, the drive
    // replaying its answers, and the two outputs compared (exact).
    stack.set_single_pattern_check(false);
    // A drive that fails INQUIRY fails the device start (the model records
    // that as its only violation): PnP then never sends a request.
    let v = stack.violations();
    if !v.is_empty() {
        assert!(v.iter().all(|v| v.what == "device start"), "{v:?}");
        return;
    }
    let mut ioctl = |h, code, input: &[u8], out_len| {
        stack.with_port(|p| p.mode = Mode::Record(Vec::new()));
        let replay = || {
            stack.with_port(|p| {
                let tape = match std::mem::replace(&mut p.mode, Mode::Live) {
                    Mode::Record(tape) => tape,
                    _ => Vec::new(),
                };
                p.mode = Mode::Replay(tape.into());
            });
        };
        let _ = stack.ioctl_leak_checked_with(h, code, input, out_len, replay);
        stack.with_port(|p| p.mode = Mode::Live);
    };
    run_ops(&stack, &src, &mut ioctl, &mut |_, _| {});
});
