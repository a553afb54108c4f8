//! Concurrency of IOCTL_CDROM_EXCLUSIVE_ACCESS through the host stack:
//! threads released together by a barrier, over a few thousand rounds.
//! Nothing here depends on timing: every interleaving the scheduler picks
//! must leave a whole state behind.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Barrier, Mutex, PoisonError};
use std::thread;

use cdfilter_core::device::FileId;
use cdfilter_core::status::NtStatus;
use cdfilter_host::blank::BlankDrive;
use cdfilter_host::model::Granted;
use cdfilter_host::{Handle, Stack};

const EXCLUSIVE_ACCESS: u32 = 0x0002_C05C;

fn lock_input(name: &[u8]) -> Vec<u8> {
    let mut b = vec![1, 0, 0, 0, 0, 0, 0, 0];
    b.extend_from_slice(name);
    b.resize(72, 0);
    b
}

const QUERY: [u8; 8] = [0; 8];
const UNLOCK: [u8; 8] = [2, 0, 0, 0, 0, 0, 0, 0];

/// A 63-character name that differs per round and per thread.
fn name(round: usize, thread: usize) -> Vec<u8> {
    let tag = format!("r{round:05}t{thread}");
    tag.bytes().cycle().take(63).collect()
}

fn owner(stack: &Stack<BlankDrive>) -> Option<FileId> {
    stack.device().shared.exclusive_owner()
}

fn id(h: Handle) -> Option<FileId> {
    FileId::new(h.0)
}

/// Failures are collected, not raised inside the rounds: a thread that
/// panicked would leave the others waiting at the barrier for ever.
#[derive(Default)]
struct Failures(Mutex<Vec<String>>);

impl Failures {
    fn check(&self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(what());
        }
    }

    #[track_caller]
    fn assert_none(self) {
        let f = self.0.into_inner().unwrap_or_else(PoisonError::into_inner);
        assert!(f.is_empty(), "{} failures, first: {:?}", f.len(), f.first());
    }
}

/// The query's 65 bytes must be a whole state: locked with exactly `name`
/// (zero padded), or unlocked with an all-zero name.
fn is_whole(out: &[u8], name: &[u8]) -> bool {
    let mut locked = vec![1];
    locked.extend_from_slice(name);
    locked.resize(65, 0);
    out == locked.as_slice() || out == [0u8; 65].as_slice()
}

#[test]
fn exactly_one_of_many_concurrent_lockers_wins() {
    const THREADS: usize = 4;
    const ROUNDS: usize = 1500;
    let stack = Stack::new(BlankDrive);
    let barrier = Barrier::new(THREADS);
    let wins = AtomicUsize::new(0);
    let winner = AtomicU64::new(0);
    let winner_thread = AtomicUsize::new(0);
    let failures = Failures::default();
    thread::scope(|s| {
        for t in 0..THREADS {
            let (stack, barrier, failures) = (&stack, &barrier, &failures);
            let (wins, winner, winner_thread) = (&wins, &winner, &winner_thread);
            s.spawn(move || {
                for round in 0..ROUNDS {
                    let h = stack.open(Granted::READ_WRITE);
                    barrier.wait();
                    let r = stack.ioctl(h, EXCLUSIVE_ACCESS, &lock_input(&name(round, t)), 0);
                    if r.status == NtStatus::SUCCESS {
                        wins.fetch_add(1, Ordering::SeqCst);
                        winner.store(h.0, Ordering::SeqCst);
                        winner_thread.store(t, Ordering::SeqCst);
                    }
                    failures.check(
                        r.status == NtStatus::SUCCESS || r.status == NtStatus::ACCESS_DENIED,
                        || format!("round {round}: lock answered {}", r.status),
                    );
                    barrier.wait();
                    if t == 0 {
                        let count = wins.swap(0, Ordering::SeqCst);
                        failures.check(count == 1, || format!("round {round}: {count} winners"));
                        let won = Handle(winner.load(Ordering::SeqCst));
                        let held = owner(stack);
                        failures
                            .check(held == id(won), || format!("round {round}: owner {held:?}"));
                        let q = stack.ioctl(h, EXCLUSIVE_ACCESS, &QUERY, 65);
                        let wt = winner_thread.load(Ordering::SeqCst);
                        failures.check(
                            q.output.first() == Some(&1) && is_whole(&q.output, &name(round, wt)),
                            || format!("round {round}: query {:02x?}", q.output),
                        );
                    }
                    barrier.wait();
                    stack.close_handle(h);
                    barrier.wait();
                    if t == 0 {
                        let o = owner(stack);
                        failures.check(o.is_none(), || {
                            format!("round {round}: {o:?} holds the lock after every cleanup")
                        });
                        stack.device().platform.take_events();
                    }
                }
            });
        }
    });
    failures.assert_none();
    assert_eq!(stack.violations(), []);
}

#[test]
fn a_cleanup_racing_a_lock_leaves_a_whole_state() {
    const ROUNDS: usize = 2000;
    let stack = Stack::new(BlankDrive);
    let barrier = Barrier::new(2);
    let failures = Failures::default();
    let (mut second_won, mut second_refused) = (0usize, 0usize);
    thread::scope(|s| {
        let (st, bar, fails) = (&stack, &barrier, &failures);
        // The holder: takes the lock, then goes away while the other
        // handle tries to lock.
        s.spawn(move || {
            for round in 0..ROUNDS {
                let h = st.open(Granted::READ_WRITE);
                let r = st.ioctl(h, EXCLUSIVE_ACCESS, &lock_input(&name(round, 0)), 0);
                fails.check(r.status == NtStatus::SUCCESS, || {
                    format!("round {round}: holder's lock answered {}", r.status)
                });
                bar.wait();
                st.close_handle(h);
                bar.wait();
                bar.wait();
            }
        });
        for round in 0..ROUNDS {
            let h = stack.open(Granted::READ_WRITE);
            barrier.wait();
            let r = stack.ioctl(h, EXCLUSIVE_ACCESS, &lock_input(&name(round, 1)), 0);
            barrier.wait();
            // Both are done: the lock is either ours, whole, or free.
            let q = stack.ioctl(h, EXCLUSIVE_ACCESS, &QUERY, 65);
            let o = owner(&stack);
            let whole = match r.status {
                NtStatus::SUCCESS => {
                    second_won += 1;
                    o == id(h)
                        && q.output.first() == Some(&1)
                        && is_whole(&q.output, &name(round, 1))
                }
                NtStatus::ACCESS_DENIED => {
                    second_refused += 1;
                    o.is_none() && q.output == [0u8; 65]
                }
                _ => false,
            };
            failures.check(whole, || {
                format!(
                    "round {round}: lock {} owner {o:?} query {:02x?}",
                    r.status, q.output
                )
            });
            stack.close_handle(h);
            let o = owner(&stack);
            failures.check(o.is_none(), || format!("round {round}: {o:?} still holds"));
            stack.device().platform.take_events();
            barrier.wait();
        }
    });
    failures.assert_none();
    assert_eq!(second_won + second_refused, ROUNDS);
    eprintln!("second locker won {second_won} rounds, was refused in {second_refused}");
    assert_eq!(stack.violations(), []);
}

#[test]
fn a_query_racing_lock_and_unlock_never_sees_a_torn_state() {
    const ROUNDS: usize = 2000;
    let stack = Stack::new(BlankDrive);
    let barrier = Barrier::new(2);
    let failures = Failures::default();
    thread::scope(|s| {
        let (st, bar, fails) = (&stack, &barrier, &failures);
        s.spawn(move || {
            for round in 0..ROUNDS {
                let h = st.open(Granted::READ_WRITE);
                bar.wait();
                let r = st.ioctl(h, EXCLUSIVE_ACCESS, &lock_input(&name(round, 0)), 0);
                fails.check(r.status == NtStatus::SUCCESS, || {
                    format!("round {round}: lock answered {}", r.status)
                });
                bar.wait();
                let r = st.ioctl(h, EXCLUSIVE_ACCESS, &UNLOCK, 0);
                fails.check(r.status == NtStatus::SUCCESS, || {
                    format!("round {round}: unlock answered {}", r.status)
                });
                bar.wait();
                st.close_handle(h);
            }
        });
        let h = stack.open(Granted::READ_WRITE);
        for round in 0..ROUNDS {
            let expected = name(round, 0);
            for phase in ["lock", "unlock"] {
                barrier.wait();
                let q = stack.ioctl(h, EXCLUSIVE_ACCESS, &QUERY, 65);
                failures.check(
                    (q.status, q.information) == (NtStatus::SUCCESS, 65)
                        && is_whole(&q.output, &expected),
                    || format!("round {round}, racing {phase}: {:02x?}", q.output),
                );
            }
            barrier.wait();
            stack.device().platform.take_events();
        }
        stack.close_handle(h);
    });
    failures.assert_none();
    assert_eq!(owner(&stack), None);
    assert_eq!(stack.violations(), []);
}
