// Index of this file:
// [SECTION] start and stop
// [SECTION] answer sets
// [SECTION] small writes, the PIN, enrollment, device facts
// [SECTION] paused interviews
// [SECTION] status
// [SECTION] content packs
// [SECTION] the service thread

#include "device/service.hpp"

#include <sodium.h>

#include <chrono>
#include <iostream>

#include <nlohmann/json.hpp>

#include "crypto/secure_bytes.hpp"
#include "device/device.hpp"
#include "device/enrollment.hpp"
#include "enroll/enroll.hpp"
#include "outbox/outbox.hpp"
#include "pack/pack.hpp"
#include "questionnaire/model.hpp"
#include "staff/audit.hpp"
#include "staff/pin.hpp"

namespace kiosk {

// [SECTION] start and stop
DeviceService::DeviceService(std::filesystem::path data_dir, DeviceServiceOptions options)
    : data_dir_(std::move(data_dir)), options_(std::move(options)) {
    thread_ = std::thread([this] { run(); });
}

DeviceService::~DeviceService() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

// [SECTION] answer sets
void DeviceService::submit(FinishedResponse&& r) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        queue_.push_back(std::move(r));
    }
    cv_.notify_all();
}

static std::vector<DraftSummary> read_drafts(Outbox& outbox);  // below

void DeviceService::submit_completion(CompletionRecord&& r) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        tasks_.push_back([this, r = std::move(r)](Outbox* o) {
            if (!o) return;
            ResponseMeta meta;
            meta.questionnaire = r.questionnaire;
            meta.version = r.version;
            meta.variant = r.variant;
            meta.language = r.language;
            meta.assisted = r.assisted;
            meta.kind = kCompletionKind;
            // A stopped resumed draft goes in the same transaction (a crash
            // leaves the draft and no record, or the record and no draft).
            if (auto f = o->finish(completion_json(r), meta, r.discard_draft_id); !f)
                std::cerr << "kiosk: could not keep a completion record: " << f.error().message << "\n";
            if (!r.discard_draft_id.empty()) {
                std::vector<DraftSummary> drafts = read_drafts(*o);
                std::lock_guard<std::mutex> lock(mu_);
                status_.drafts = std::move(drafts);
            }
        });
    }
    cv_.notify_all();
}

void DeviceService::flush() {
    std::unique_lock<std::mutex> lock(mu_);
    idle_cv_.wait(lock, [this] { return queue_.empty() && tasks_.empty() && light_.empty() && !busy_; });
}

// [SECTION] small writes, the PIN, enrollment, device facts
void DeviceService::post(std::function<void()> work) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        light_.push_back(std::move(work));
    }
    cv_.notify_all();
}

void DeviceService::wake_ui() {
    std::function<void()> wake;
    {
        std::lock_guard<std::mutex> lock(mu_);
        wake = wake_;
    }
    if (wake) wake();
}

void DeviceService::check_pin(std::string pin) {
    post([this, pin = std::move(pin)]() mutable {
        auto good = staff::verify_pin(data_dir_, pin);
        sodium_memzero(pin.data(), pin.size());
        if (!good) std::cerr << "kiosk: the staff PIN cannot be checked: " << good.error().message << "\n";
        {
            std::lock_guard<std::mutex> lock(mu_);
            pin_result_ = std::move(good);
        }
        wake_ui();
    });
}

std::optional<Result<bool>> DeviceService::take_pin_result() {
    std::lock_guard<std::mutex> lock(mu_);
    std::optional<Result<bool>> r;
    std::swap(r, pin_result_);
    return r;
}

void DeviceService::enroll(std::string bundle_text) {
    auto text = std::make_shared<std::string>(std::move(bundle_text));
    post([this, text] {
        auto bundle = parse_bundle(*text, "the scanned code");
        crypto::wipe(*text);
        EnrollOutcome out;
        if (!bundle) {
            out.why = bundle.error().message;
        } else if (auto notes = enroll_data_dir(data_dir_, *bundle); !notes) {
            out.why = notes.error().message;
        } else {
            for (const auto& n : *notes) std::cerr << "kiosk: enroll: " << n << "\n";
            std::cerr << "kiosk: enrolled as " << bundle->name << " (" << bundle->device_id << "); restart to use it\n";
            out.ok = true;
            out.name = bundle->name;
        }
        {
            std::lock_guard<std::mutex> lock(mu_);
            enroll_result_ = std::move(out);
        }
        wake_ui();
    });
}

std::optional<EnrollOutcome> DeviceService::take_enroll_result() {
    std::lock_guard<std::mutex> lock(mu_);
    std::optional<EnrollOutcome> r;
    std::swap(r, enroll_result_);
    return r;
}

void DeviceService::refresh_device_facts() {
    if (!options_.facts) return;
    post([this] {
        DeviceFacts facts = options_.facts(data_dir_);
        std::lock_guard<std::mutex> lock(mu_);
        status_.free_bytes = facts.free_bytes;
        status_.battery = facts.battery;
    });
}

void DeviceService::set_wake(std::function<void()> wake) {
    std::lock_guard<std::mutex> lock(mu_);
    wake_ = std::move(wake);
}

// [SECTION] paused interviews
void DeviceService::save_draft(PausedInterview&& p, std::int64_t expires_at) {
    auto shared = std::make_shared<PausedInterview>(std::move(p));
    {
        std::lock_guard<std::mutex> lock(mu_);
        tasks_.push_back([this, shared, expires_at](Outbox* o) {
            if (o) {
                ResponseMeta meta;
                meta.questionnaire = shared->questionnaire;
                meta.version = shared->version;
                meta.variant = shared->variant;
                meta.language = shared->language;
                meta.duration_s = shared->duration_s;
                meta.assisted = true;
                meta.kind = shared->kind;
                auto st = o->save_draft(shared->draft_id, shared->response_json, meta, expires_at);
                if (!st) {
                    std::lock_guard<std::mutex> lock(mu_);
                    status_.fault = st.error().message;
                    std::cerr << "kiosk: could not keep a paused interview: " << st.error().message << "\n";
                }
            }
            sodium_memzero(shared->response_json.data(), shared->response_json.size());
        });
    }
    cv_.notify_all();
}

namespace {
// Seals or discards the drafts past their expiry; the audit line says how many.
void expire_on_worker(Outbox* o, const std::filesystem::path& data_dir, std::int64_t now_wall) {
    if (!o) return;
    auto r = o->expire_drafts(now_wall);
    if (!r) std::cerr << "kiosk: expiring paused interviews: " << r.error().message << "\n";
    else if (*r > 0)
        if (auto st = staff::audit(data_dir, now_wall, staff::action::kDraftExpired, "n=" + std::to_string(*r)); !st)
            std::cerr << "kiosk: " << st.error().message << "\n";
}
}  // namespace

void DeviceService::load_draft(const std::string& id, std::int64_t now_wall) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        tasks_.push_back([this, id, now_wall](Outbox* o) {
            expire_on_worker(o, data_dir_, now_wall);  // an expired draft is never resumed
            DraftLoad out{id, make_error("the outbox is not open")};
            if (o) {
                auto d = o->load_draft(id);
                if (!d) out.json = d.error();
                else out.json = std::string(d->response_json.begin(), d->response_json.end());
            }
            {
                std::lock_guard<std::mutex> l(mu_);
                draft_load_ = std::move(out);
            }
            wake_ui();
        });
    }
    cv_.notify_all();
}

std::optional<DeviceService::DraftLoad> DeviceService::take_draft_load() {
    std::lock_guard<std::mutex> lock(mu_);
    std::optional<DraftLoad> r;
    std::swap(r, draft_load_);
    return r;
}

void DeviceService::expire_drafts(std::int64_t now_wall) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        tasks_.push_back([this, now_wall](Outbox* o) { expire_on_worker(o, data_dir_, now_wall); });
    }
    cv_.notify_all();
}

// [SECTION] status
std::string DeviceService::storage_problem() const {
    std::lock_guard<std::mutex> lock(mu_);
    if (!status_.started) return "";
    return !status_.problem.empty() ? status_.problem : status_.fault;
}

StoreStatus DeviceService::status() const {
    std::lock_guard<std::mutex> lock(mu_);
    StoreStatus s = status_;
    // Handed over by a resident, not sealed yet: staff count it as waiting.
    for (const auto& r : queue_) s.sealing += r.complete ? 1 : 0;
    s.sealing += sealing_ ? 1 : 0;
    if (sync_) s.sync = sync_->status();
    if (content_) {
        auto c = content_->status();
        s.content_updates = true;
        s.content_notice = c.notice;
        s.content_staged = c.staged_version;
        s.content_busy = c.busy;
        s.content_checks = c.checks_done;
    }
    return s;
}

// [SECTION] content packs
void DeviceService::check_content() {
    std::lock_guard<std::mutex> lock(mu_);
    if (content_) content_->check_now();
    else if (!status_.started) content_requested_ = true;
}

bool DeviceService::content_waiting() const {
    std::lock_guard<std::mutex> lock(mu_);
    return content_ && content_->has_staged();
}

bool DeviceService::content_busy() const {
    std::lock_guard<std::mutex> lock(mu_);
    return content_requested_ || (content_ && content_->status().busy);
}

// The folder the kiosk shows now: the installed pack, else the bundled assets.
pack::LoadedContent DeviceService::load_current_content() const {
    std::filesystem::path current = pack::content_dirs(data_dir_).current;
    std::error_code ec;
    auto loaded = pack::load_content_dir(std::filesystem::is_directory(current, ec) ? current : options_.assets_dir,
                                         options_.assets_dir);
    for (const auto& line : loaded.log) std::cerr << "kiosk: " << line << "\n";
    loaded.log.clear();  // said here, on the service: the UI need not say it again
    return loaded;
}

void DeviceService::install_staged_content() {
    post([this] {
        const auto t0 = std::chrono::steady_clock::now();
        auto installed = pack::install_staged(data_dir_);
        {
            std::lock_guard<std::mutex> lock(mu_);
            if (content_) content_->staged_taken();
        }
        ContentSwap out;
        if (!installed) {
            out.message = installed.error().message;
            std::cerr << "kiosk: " << *out.message << "\n";
        } else if (*installed) {
            out.message = "";
            out.content = load_current_content();
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
            std::cerr << "kiosk: installed content pack v" << **installed << " (" << ms.count()
                      << " ms with the reload, between residents)\n";
        }
        {
            std::lock_guard<std::mutex> lock(mu_);
            content_swap_ = std::move(out);
        }
        wake_ui();
    });
}

void DeviceService::rollback_content() {
    post([this] {
        auto r = pack::rollback(data_dir_);
        ContentSwap out;
        out.message = r ? *r : r.error().message;
        std::cerr << "kiosk: " << *out.message << "\n";
        if (r) out.content = load_current_content();
        {
            std::lock_guard<std::mutex> lock(mu_);
            content_swap_ = std::move(out);
        }
        wake_ui();
    });
}

std::optional<ContentSwap> DeviceService::take_content() {
    std::lock_guard<std::mutex> lock(mu_);
    std::optional<ContentSwap> r;
    std::swap(r, content_swap_);
    return r;
}

void DeviceService::set_content_version(std::string version) {
    std::lock_guard<std::mutex> lock(mu_);
    status_.content_version = std::move(version);
}

// [SECTION] the service thread
void DeviceService::sync_now() {
    std::lock_guard<std::mutex> lock(mu_);
    if (sync_) sync_->sync_now();
}

// Counts for the staff screen; called on the service thread only.
static void refresh_counts(Outbox& outbox, StoreStatus& s) {
    auto c = outbox.counts();
    s.queued = c.queued;
    s.rejected = c.rejected;
    s.oldest_unsent_at = c.oldest_unsent_at;
}

// The staff list of paused interviews: each draft is opened with the draft
// key only to read its case reference (kept in memory for the PIN-protected
// staff screen, never logged).
static std::vector<DraftSummary> read_drafts(Outbox& outbox) {
    std::vector<DraftSummary> out;
    const std::string case_url = std::string(questionnaire::kOurExtensionBase) + "case-reference";
    for (const auto& info : outbox.list_drafts()) {
        DraftSummary d;
        d.id = info.id;
        d.paused_at = info.updated_at;
        auto draft = outbox.load_draft(info.id);
        if (!draft) continue;  // expired on the way: handled by the outbox
        auto j = nlohmann::json::parse(draft->response_json.begin(), draft->response_json.end(), nullptr, false);
        if (j.is_object() && j.contains("extension") && j["extension"].is_array())
            for (const auto& e : j["extension"])
                if (e.value("url", "") == case_url) d.case_ref = e.value("valueString", "");
        out.push_back(std::move(d));
    }
    return out;
}

void DeviceService::run() {
    std::unique_ptr<Outbox> outbox;
    {
        // A data dir that was never enrolled becomes a clearly marked demo
        // device, so the demo works with no manual step.
        if (!is_enrolled(data_dir_)) {
            auto demo = ensure_demo_enrollment(data_dir_);
            if (!demo) std::cerr << "kiosk: " << demo.error().message << "\n";
        }
        auto opened = Outbox::open(data_dir_, clock_);
        std::lock_guard<std::mutex> lock(mu_);
        if (opened) {
            outbox = std::move(*opened);
            status_.ready = true;
            // Opened, but the database cannot be written (a directory, read-only, ...):
            // the app stops offering questionnaires until this clears.
            status_.fault = outbox->fault();
            for (const auto& n : outbox->notices()) status_.notices.push_back(n.message);
            status_.device_id = outbox->device_id();
            if (auto cfg = read_device_config(data_dir_)) status_.demo = cfg->demo;
            refresh_counts(*outbox, status_);
            status_.drafts = read_drafts(*outbox);
            // An enrolled device drains its outbox to the endpoint on its own
            // thread; a demo device has no endpoint and keeps everything.
            if (auto cfg = sync::load_sync_config(data_dir_)) {
                // The installed pack, read at each heartbeat: it changes between residents.
                cfg->content_version_now = [dir = pack::content_dirs(data_dir_).current] {
                    return pack::dir_version(dir).value_or("");
                };
                sync_ = std::make_unique<sync::SyncWorker>(*outbox, *cfg, clock_);
                sync_->start();
            }
            // Content packs come from the same endpoint; the app says when to look.
            if (auto ucfg = pack::load_updater_config(data_dir_)) {
                content_ = std::make_unique<pack::ContentUpdater>(std::move(*ucfg));
                if (content_requested_) content_->check_now();
            }
        } else {
            status_.problem = opened.error().message;
            std::cerr << "kiosk: cannot collect answers: " << status_.problem << "\n";
        }
        status_.started = true;
        content_requested_ = false;  // handed to the updater above, or there is none
    }
    idle_cv_.notify_all();
    for (;;) {
        FinishedResponse r;
        {
            std::unique_lock<std::mutex> lock(mu_);
            // While answers wait in memory for the disk, try again every 5 s.
            auto wake = [this] { return stop_ || !queue_.empty() || !tasks_.empty() || !light_.empty(); };
            if (status_.kept_in_memory > 0 || !status_.fault.empty())
                cv_.wait_for(lock, std::chrono::seconds(5), wake);
            else cv_.wait(lock, wake);
            if (!light_.empty()) {
                auto work = std::move(light_.front());
                light_.pop_front();
                busy_ = true;
                lock.unlock();
                work();
                {
                    std::lock_guard<std::mutex> l2(mu_);
                    busy_ = false;
                }
                idle_cv_.notify_all();
                continue;
            }
            if (!tasks_.empty()) {
                auto task = std::move(tasks_.front());
                tasks_.pop_front();
                busy_ = true;
                lock.unlock();
                task(outbox.get());
                std::vector<DraftSummary> drafts;
                if (outbox) drafts = read_drafts(*outbox);
                {
                    std::lock_guard<std::mutex> l2(mu_);
                    status_.drafts = std::move(drafts);
                    if (outbox) refresh_counts(*outbox, status_);
                    if (sync_) sync_->wake();  // an expired draft may have been sealed
                    busy_ = false;
                }
                idle_cv_.notify_all();
                continue;
            }
            if (queue_.empty()) {
                if (stop_) break;
                lock.unlock();
                if (outbox) {
                    auto left = outbox->retry_pending();
                    std::lock_guard<std::mutex> l2(mu_);
                    if (left) {
                        status_.stored += status_.kept_in_memory - static_cast<int>(*left);
                        status_.kept_in_memory = static_cast<int>(*left);
                    }
                    status_.fault = outbox->fault();
                }
                continue;
            }
            r = std::move(queue_.front());
            queue_.pop_front();
            busy_ = true;
            sealing_ = outbox && r.complete;
        }
        if (outbox && r.complete) {
            ResponseMeta meta;
            meta.questionnaire = r.questionnaire;
            meta.version = r.version;
            meta.variant = r.variant;
            meta.language = r.language;
            meta.duration_s = r.duration_s;
            meta.assisted = r.assisted;
            meta.read_aloud = r.read_aloud;
            meta.text_scale_pct = r.text_scale_pct;
            meta.kind = r.kind;
            // A resumed interview: its draft goes in the same transaction as
            // the envelope is stored (a crash leaves one or the other).
            auto receipt = outbox->finish(r.response_json, meta, r.draft_id);
            if (receipt && receipt->durable && !r.draft_id.empty()) {
                std::vector<DraftSummary> drafts = read_drafts(*outbox);
                std::lock_guard<std::mutex> lock(mu_);
                status_.drafts = std::move(drafts);
            }
            std::lock_guard<std::mutex> lock(mu_);
            sealing_ = false;  // counted below (or failed), in the same lock
            if (!receipt) {
                // Never the answers, only what went wrong.
                status_.fault = receipt.error().message;
                std::cerr << "kiosk: could not seal an answer set: " << status_.fault << "\n";
            } else if (receipt->durable) {
                ++status_.stored;
                refresh_counts(*outbox, status_);
                if (sync_) sync_->wake();
            } else {
                ++status_.kept_in_memory;
                status_.fault = receipt->fault;
            }
        }
        if (!r.response_json.empty()) sodium_memzero(r.response_json.data(), r.response_json.size());
        {
            std::lock_guard<std::mutex> lock(mu_);
            busy_ = false;
        }
        idle_cv_.notify_all();
    }
    // Closing the kiosk (staff exit, shutdown) first gives the sync worker a
    // few seconds to send what is queued; what it cannot send stays queued.
    if (sync_) {
        sync_->wake();
        for (int i = 0; i < 60; ++i) {
            auto st = sync_->status();
            if (st.queue_depth == 0 || st.state == sync::SyncStatus::State::Paused ||
                st.state == sync::SyncStatus::State::Offline)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    std::unique_ptr<sync::SyncWorker> worker;
    std::unique_ptr<pack::ContentUpdater> updater;
    {
        std::lock_guard<std::mutex> lock(mu_);
        worker = std::move(sync_);
        updater = std::move(content_);
    }
    updater.reset();
    if (worker) worker->stop();
    worker.reset();  // before the outbox it drains
    idle_cv_.notify_all();
}

}  // namespace kiosk
