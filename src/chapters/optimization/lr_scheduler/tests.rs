//! The schedules against their formulas, the burn scheduler, the updater.

use super::*;

fn at(name: &str, t: usize) -> f64 {
    schedule(name).unwrap().lr(t)
}

#[test]
fn each_schedule_follows_its_formula() {
    assert_eq!(at("none", 29), 0.3);
    assert!((at("square-root", 0) - 0.1).abs() < 1e-15);
    assert!((at("square-root", 3) - 0.05).abs() < 1e-15);
    assert!((at("factor", 0) - 1.8).abs() < 1e-12);
    assert!((at("factor", 1) - 1.62).abs() < 1e-12);
    // 2 · 0.9⁵⁰ ≈ 0.0103 is still above the floor; 2 · 0.9⁵¹ is below it.
    assert!((at("factor", 49) - 2.0 * 0.9f64.powi(50)).abs() < 1e-15);
    assert_eq!(at("factor", 50), 0.01);
    assert_eq!(at("multi-factor", 14), 0.5);
    assert_eq!(at("multi-factor", 15), 0.25);
    assert_eq!(at("multi-factor", 30), 0.125);
    assert!((at("cosine", 0) - 0.3).abs() < 1e-15);
    assert!((at("cosine", 10) - 0.155).abs() < 1e-12);
    assert!((at("cosine", 20) - 0.01).abs() < 1e-15);
    assert!((at("cosine", 29) - 0.01).abs() < 1e-15);
    assert_eq!(at("cosine-warmup", 0), 0.0);
    assert!((at("cosine-warmup", 2) - 0.12).abs() < 1e-12);
    assert!((at("cosine-warmup", 5) - 0.3).abs() < 1e-15);
    // Halfway through the cosine part: (20 − 5) / 2 epochs after the warm-up.
    assert!((at("cosine-warmup", 5) + at("cosine-warmup", 20) - 0.31).abs() < 1e-12);
}

#[test]
fn the_burn_scheduler_steps_through_the_schedule_and_resumes_from_its_record() {
    let mut scheduler = BookScheduler::new(schedule("multi-factor").unwrap());
    let rates: Vec<f64> = (0..16).map(|_| scheduler.step()).collect();
    assert_eq!(rates[0], 0.5);
    assert_eq!(rates[15], 0.25);
    let record = scheduler.to_record();
    let mut resumed = BookScheduler::new(schedule("multi-factor").unwrap());
    resumed.load_record(record);
    assert_eq!(resumed.step(), scheduler.step());
    assert_eq!(resumed.updates, 17);
}

#[test]
fn the_updater_sets_the_rate_once_per_epoch() {
    use crate::device::cpu;
    let device = cpu().autodiff();
    let mut net = LinearConfig::new(2, 1).init(&device);
    let mut updater = ScheduledUpdater::new(
        SgdConfig::new().init(),
        BookScheduler::new(schedule("square-root").unwrap()),
        3,
    );
    for _ in 0..7 {
        let x = Tensor::<2>::ones([4, 2], &device);
        let losses = net.forward(x).square().flatten::<1>(0, 1);
        updater.step(&mut net, losses);
    }
    assert_eq!(updater.rates.len(), 3);
    assert!((updater.rates[2] - 0.1 / 3f64.sqrt()).abs() < 1e-15);
}
