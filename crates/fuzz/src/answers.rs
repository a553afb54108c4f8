//! A drive whose every answer comes from the input (see the
//! `drive_answers` target for the encoding), able to replay the answers of
//! one request for the second send of a leak-checked request.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use cdfilter_core::port::{
    scsi_status, Command, DataPhase, Port, PortResult, SrbStatus, SENSE_LEN,
};
use cdfilter_host::model::LeakCheckStep;
use cdfilter_host::{Handle, IoResult, Stack};

use crate::Source;

/// One answer: the data-in bytes and the result (with `transferred` =
/// `None`: the bytes actually written).
#[derive(Clone)]
pub struct Answer {
    data: Vec<u8>,
    result: PortResult,
    count_is_written: bool,
}

/// Whether answers come from the input, are recorded as they do, or are
/// replayed (the second send of a leak-checked request sees the drive
/// answer exactly as the first did).
pub enum Mode {
    /// Answers come from the input.
    Live,
    /// Answers come from the input and are kept.
    Record(Vec<Answer>),
    /// The kept answers are given again (then the input's).
    Replay(VecDeque<Answer>),
}

pub struct AnswerPort {
    /// The input.
    pub src: Rc<RefCell<Source>>,
    /// `max_transfer_bytes`.
    pub limit: u32,
    /// `alignment_mask`.
    pub mask: u32,
    /// Live, recording or replaying.
    pub mode: Mode,
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

impl AnswerPort {
    /// A port over `src` whose first two bytes choose the transfer limit
    /// (0 → 0 bytes, 1 → 1 byte, 2 → 2048, 3 → 65536, else n × 512) and the
    /// alignment mask ((1 << (n % 4)) − 1).
    pub fn from_source(src: &Rc<RefCell<Source>>) -> Self {
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
        Self {
            src: Rc::clone(src),
            limit,
            mask,
            mode: Mode::Live,
        }
    }
}

/// An IOCTL leak-checked (`Stack::ioctl_leak_checked_with`): its first,
/// uncompared send meets live answers; the drive records its answers to
/// the first compared send and replays them for the second.
pub fn leak_checked_ioctl(
    stack: &Stack<AnswerPort>,
    h: Handle,
    code: u32,
    input: &[u8],
    out_len: usize,
) -> IoResult {
    let step = |s: LeakCheckStep| {
        stack.with_port(|p| {
            p.mode = match (s, std::mem::replace(&mut p.mode, Mode::Live)) {
                (LeakCheckStep::First, _) => Mode::Record(Vec::new()),
                (LeakCheckStep::Second, Mode::Record(tape)) => Mode::Replay(tape.into()),
                (LeakCheckStep::Second, _) => Mode::Replay(VecDeque::new()),
            };
        });
    };
    let r = stack.ioctl_leak_checked_with(h, code, input, out_len, step);
    stack.with_port(|p| p.mode = Mode::Live);
    r
}
