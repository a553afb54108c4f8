//! A port wrapper that makes commands fail the way a real drive or bus can.
//!
//! Faults are chosen deterministically: by a schedule of rules (the n-th
//! command, every command with an opcode, every command) or by a seed
//! (each command fails with a given probability from a fixed PRNG), so every
//! failing case can be replayed.

use cdfilter_core::port::{scsi_status, Command, DataPhase, Port, PortResult, SrbStatus};

/// One way a command can fail.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Fault {
    /// CHECK CONDITION with fixed-format sense (autosense valid).
    Sense {
        /// Sense key.
        key: u8,
        /// Additional sense code.
        asc: u8,
        /// Qualifier.
        ascq: u8,
    },
    /// The target did not answer selection.
    SelectionTimeout,
    /// The command timed out.
    CommandTimeout,
    /// A bus reset killed the command.
    BusReset,
    /// The command was aborted.
    Aborted,
    /// SCSI status BUSY.
    Busy,
    /// The device moved only `keep` bytes (reported as an under-run).
    ShortTransfer {
        /// Bytes actually transferred.
        keep: u32,
    },
    /// The port claims more bytes than the buffer holds.
    OverlongTransfer,
    /// The answer's leading length field (the first 2 bytes, big-endian, as
    /// in TOC, sub-channel and mode headers; 4 for configuration) claims far
    /// more data than was sent.
    CorruptLength,
}

impl Fault {
    /// The sense classes a drive reports, with their T10 names.
    pub const SENSE_CLASSES: &'static [(&'static str, Fault)] = &[
        (
            "not ready, becoming ready (2/04/01)",
            Fault::Sense {
                key: 2,
                asc: 0x04,
                ascq: 0x01,
            },
        ),
        (
            "not ready, cause not reportable (2/04/00)",
            Fault::Sense {
                key: 2,
                asc: 0x04,
                ascq: 0x00,
            },
        ),
        (
            "no medium (2/3A/00)",
            Fault::Sense {
                key: 2,
                asc: 0x3A,
                ascq: 0x00,
            },
        ),
        (
            "unit attention, medium changed (6/28/00)",
            Fault::Sense {
                key: 6,
                asc: 0x28,
                ascq: 0x00,
            },
        ),
        (
            "unit attention, power on/reset (6/29/00)",
            Fault::Sense {
                key: 6,
                asc: 0x29,
                ascq: 0x00,
            },
        ),
        (
            "medium error, unrecovered read error (3/11/00)",
            Fault::Sense {
                key: 3,
                asc: 0x11,
                ascq: 0x00,
            },
        ),
        (
            "hardware error (4/44/00)",
            Fault::Sense {
                key: 4,
                asc: 0x44,
                ascq: 0x00,
            },
        ),
        (
            "illegal request, invalid opcode (5/20/00)",
            Fault::Sense {
                key: 5,
                asc: 0x20,
                ascq: 0x00,
            },
        ),
        (
            "illegal request, invalid field in CDB (5/24/00)",
            Fault::Sense {
                key: 5,
                asc: 0x24,
                ascq: 0x00,
            },
        ),
        (
            "illegal request, LBA out of range (5/21/00)",
            Fault::Sense {
                key: 5,
                asc: 0x21,
                ascq: 0x00,
            },
        ),
        (
            "aborted command (B/00/00)",
            Fault::Sense {
                key: 0xB,
                asc: 0x00,
                ascq: 0x00,
            },
        ),
    ];

    /// Bus and transport failures.
    pub const TRANSPORT: &'static [(&'static str, Fault)] = &[
        ("selection timeout", Fault::SelectionTimeout),
        ("command timeout", Fault::CommandTimeout),
        ("bus reset", Fault::BusReset),
        ("aborted", Fault::Aborted),
        ("busy", Fault::Busy),
        ("short transfer", Fault::ShortTransfer { keep: 3 }),
        ("overlong transfer claim", Fault::OverlongTransfer),
        ("corrupt answer length", Fault::CorruptLength),
    ];
}

/// When a rule applies.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum When {
    /// The n-th command (0-based) the wrapper sees.
    Nth(u64),
    /// Every command with this opcode.
    Opcode(u8),
    /// Every command.
    Always,
}

/// A scheduled fault.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Rule {
    /// When it applies.
    pub when: When,
    /// What happens.
    pub fault: Fault,
    /// How many times it may fire (`None`: unlimited).
    pub times: Option<u32>,
}

/// How faults are chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Plan {
    /// Rules, first match wins.
    Schedule(Vec<Rule>),
    /// Each command fails with probability `per_mille / 1000` with a fault
    /// drawn from `faults`, from a xorshift PRNG seeded with `seed`.
    Seeded {
        /// PRNG seed.
        seed: u64,
        /// Failure probability in thousandths.
        per_mille: u32,
        /// The faults to draw from.
        faults: Vec<Fault>,
    },
}

/// One injected fault, for the test's report.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Injected {
    /// Command index.
    pub index: u64,
    /// Opcode.
    pub opcode: u8,
    /// The fault.
    pub fault: Fault,
}

/// The wrapper.
#[derive(Debug)]
pub struct FaultInjector<P> {
    inner: P,
    plan: Plan,
    fired: Vec<u32>,
    index: u64,
    rng: u64,
    injected: Vec<Injected>,
}

impl<P> FaultInjector<P> {
    /// Wraps `inner` with `plan`.
    pub fn new(inner: P, plan: Plan) -> Self {
        let rng = match &plan {
            Plan::Seeded { seed, .. } => seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
            Plan::Schedule(_) => 1,
        };
        let fired = match &plan {
            Plan::Schedule(rules) => vec![0; rules.len()],
            Plan::Seeded { .. } => Vec::new(),
        };
        Self {
            inner,
            plan,
            fired,
            index: 0,
            rng,
            injected: Vec::new(),
        }
    }

    /// Replaces the plan (and resets its rule counters and PRNG).
    pub fn set_plan(&mut self, plan: Plan) {
        self.rng = match &plan {
            Plan::Seeded { seed, .. } => seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
            Plan::Schedule(_) => 1,
        };
        self.fired = match &plan {
            Plan::Schedule(rules) => vec![0; rules.len()],
            Plan::Seeded { .. } => Vec::new(),
        };
        self.plan = plan;
    }

    /// No faults from now on.
    pub fn clear(&mut self) {
        self.set_plan(Plan::Schedule(Vec::new()));
    }

    /// The faults injected so far.
    pub fn injected(&self) -> &[Injected] {
        &self.injected
    }

    /// Commands seen so far.
    pub fn commands(&self) -> u64 {
        self.index
    }

    /// The wrapped port.
    pub fn inner(&self) -> &P {
        &self.inner
    }

    /// The wrapped port, mutably.
    pub fn inner_mut(&mut self) -> &mut P {
        &mut self.inner
    }

    fn next_random(&mut self) -> u64 {
        let mut x = self.rng;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.rng = x;
        x
    }

    fn choose(&mut self, opcode: u8) -> Option<Fault> {
        let index = self.index;
        match &self.plan {
            Plan::Schedule(rules) => {
                let pick = rules.iter().enumerate().find(|(i, r)| {
                    let matches = match r.when {
                        When::Nth(n) => n == index,
                        When::Opcode(op) => op == opcode,
                        When::Always => true,
                    };
                    matches && r.times.is_none_or(|t| self.fired[*i] < t)
                });
                let (i, rule) = pick?;
                let fault = rule.fault;
                self.fired[i] += 1;
                Some(fault)
            }
            Plan::Seeded {
                per_mille, faults, ..
            } => {
                let (per_mille, n) = (u64::from(*per_mille), faults.len() as u64);
                if n == 0 {
                    return None;
                }
                let roll = self.next_random();
                if roll % 1000 >= per_mille {
                    return None;
                }
                let which = self.next_random() % n;
                match &self.plan {
                    Plan::Seeded { faults, .. } => faults.get(which as usize).copied(),
                    Plan::Schedule(_) => None,
                }
            }
        }
    }
}

fn failure(srb_status: SrbStatus) -> PortResult {
    PortResult::srb_error(srb_status)
}

impl<P: Port> Port for FaultInjector<P> {
    fn execute(&mut self, mut cmd: Command<'_>) -> PortResult {
        let opcode = cmd.cdb.opcode();
        let fault = self.choose(opcode);
        let index = self.index;
        self.index += 1;
        let Some(fault) = fault else {
            return self.inner.execute(cmd);
        };
        self.injected.push(Injected {
            index,
            opcode,
            fault,
        });
        let capacity = cmd.data.len();
        match fault {
            Fault::Sense { key, asc, ascq } => PortResult::check_condition(key, asc, ascq),
            Fault::SelectionTimeout => failure(SrbStatus::SELECTION_TIMEOUT),
            Fault::CommandTimeout => failure(SrbStatus::COMMAND_TIMEOUT),
            Fault::BusReset => failure(SrbStatus::BUS_RESET),
            Fault::Aborted => failure(SrbStatus::ABORTED),
            Fault::Busy => PortResult {
                scsi_status: scsi_status::BUSY,
                ..failure(SrbStatus::ERROR)
            },
            Fault::ShortTransfer { keep } => {
                let r = self.inner.execute(Command {
                    cdb: cmd.cdb,
                    data: cmd.data.reborrow(),
                    timeout_secs: cmd.timeout_secs,
                });
                let moved = r.transferred.min(keep);
                if let DataPhase::In(buf) = &mut cmd.data {
                    // What a short transfer leaves behind is undefined:
                    // scribble over it so a driver trusting it shows.
                    for b in buf.iter_mut().skip(moved as usize) {
                        *b = 0xEE;
                    }
                }
                PortResult {
                    transferred: moved,
                    ..failure(SrbStatus::DATA_OVERRUN)
                }
            }
            Fault::OverlongTransfer => {
                let r = self.inner.execute(cmd);
                PortResult {
                    transferred: (capacity as u32).saturating_add(4096),
                    ..r
                }
            }
            Fault::CorruptLength => {
                let r = self.inner.execute(Command {
                    cdb: cmd.cdb,
                    data: cmd.data.reborrow(),
                    timeout_secs: cmd.timeout_secs,
                });
                if let DataPhase::In(buf) = &mut cmd.data {
                    let n = if opcode == 0x46 { 4 } else { 2 };
                    for b in buf.iter_mut().take(n) {
                        *b = 0xFF;
                    }
                }
                r
            }
        }
    }

    fn max_transfer_bytes(&self) -> u32 {
        self.inner.max_transfer_bytes()
    }

    fn alignment_mask(&self) -> u32 {
        self.inner.alignment_mask()
    }

    fn delay(&mut self, hundred_ns: u64) {
        self.inner.delay(hundred_ns);
    }

    fn suspend_media_polling(&mut self, suspend: bool) -> bool {
        self.inner.suspend_media_polling(suspend)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cdfilter_core::port::{Cdb, SENSE_LEN};

    /// A port that answers GOOD and fills data-in with 0x11.
    struct Good;

    impl Port for Good {
        fn execute(&mut self, cmd: Command<'_>) -> PortResult {
            let n = cmd.data.len();
            if let DataPhase::In(b) = cmd.data {
                b.fill(0x11);
            }
            PortResult::good(n as u32)
        }
        fn max_transfer_bytes(&self) -> u32 {
            65536
        }
    }

    fn send(p: &mut impl Port, op: u8, buf: &mut [u8]) -> PortResult {
        p.execute(Command {
            cdb: Cdb::ten([op, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            data: DataPhase::In(buf),
            timeout_secs: 10,
        })
    }

    #[test]
    fn nth_rule_fires_once() {
        let rule = Rule {
            when: When::Nth(1),
            fault: Fault::Sense {
                key: 2,
                asc: 0x3A,
                ascq: 0,
            },
            times: None,
        };
        let mut p = FaultInjector::new(Good, Plan::Schedule(vec![rule]));
        let mut buf = [0u8; 8];
        assert!(send(&mut p, 0x43, &mut buf).is_success());
        let r = send(&mut p, 0x43, &mut buf);
        assert_eq!((r.sense[2], r.sense[12]), (2, 0x3A));
        assert!(send(&mut p, 0x43, &mut buf).is_success());
        assert_eq!(p.injected().len(), 1);
    }

    #[test]
    fn opcode_rule_with_limit() {
        let rule = Rule {
            when: When::Opcode(0x25),
            fault: Fault::BusReset,
            times: Some(2),
        };
        let mut p = FaultInjector::new(Good, Plan::Schedule(vec![rule]));
        let mut buf = [0u8; 8];
        assert_eq!(
            send(&mut p, 0x25, &mut buf).srb_status,
            SrbStatus::BUS_RESET
        );
        assert!(send(&mut p, 0x43, &mut buf).is_success());
        assert_eq!(
            send(&mut p, 0x25, &mut buf).srb_status,
            SrbStatus::BUS_RESET
        );
        assert!(send(&mut p, 0x25, &mut buf).is_success());
    }

    #[test]
    fn short_transfer_reports_the_real_count_and_scribbles() {
        let rule = Rule {
            when: When::Always,
            fault: Fault::ShortTransfer { keep: 3 },
            times: None,
        };
        let mut p = FaultInjector::new(Good, Plan::Schedule(vec![rule]));
        let mut buf = [0u8; 6];
        let r = send(&mut p, 0x43, &mut buf);
        assert_eq!((r.srb_status, r.transferred), (SrbStatus::DATA_OVERRUN, 3));
        assert_eq!(buf, [0x11, 0x11, 0x11, 0xEE, 0xEE, 0xEE]);
    }

    #[test]
    fn corrupt_length_and_overlong_claim() {
        let mut p = FaultInjector::new(
            Good,
            Plan::Schedule(vec![
                Rule {
                    when: When::Nth(0),
                    fault: Fault::CorruptLength,
                    times: None,
                },
                Rule {
                    when: When::Nth(1),
                    fault: Fault::OverlongTransfer,
                    times: None,
                },
            ]),
        );
        let mut buf = [0u8; 6];
        assert!(send(&mut p, 0x43, &mut buf).is_success());
        assert_eq!(buf, [0xFF, 0xFF, 0x11, 0x11, 0x11, 0x11]);
        assert_eq!(send(&mut p, 0x43, &mut buf).transferred, 6 + 4096);
    }

    #[test]
    fn seeded_plan_is_deterministic() {
        let plan = Plan::Seeded {
            seed: 7,
            per_mille: 300,
            faults: vec![Fault::BusReset, Fault::CommandTimeout],
        };
        let run = |plan: Plan| {
            let mut p = FaultInjector::new(Good, plan);
            let mut buf = [0u8; 4];
            (0..200)
                .map(|_| send(&mut p, 0x28, &mut buf).srb_status)
                .collect::<Vec<_>>()
        };
        let a = run(plan.clone());
        assert_eq!(a, run(plan));
        let failures = a.iter().filter(|s| **s != SrbStatus::SUCCESS).count();
        assert!(
            (30..=90).contains(&failures),
            "{failures} failures of 200 at 30%"
        );
    }

    #[test]
    fn sense_buffer_is_fixed_format() {
        let mut p = FaultInjector::new(
            Good,
            Plan::Schedule(vec![Rule {
                when: When::Always,
                fault: Fault::SENSE_CLASSES[2].1,
                times: None,
            }]),
        );
        let r = send(&mut p, 0, &mut []);
        assert_eq!(r.sense_len as usize, 18);
        assert_eq!(r.sense.len(), SENSE_LEN);
        assert_eq!(r.sense[0], 0x70);
    }
}
