package emulator

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// Review modes: how a catalog entity that entered IN_REVIEW gets its decision.
const (
	// ReviewApprove approves every entity ReviewDelay after it was submitted (0 = at once).
	ReviewApprove = "approve"
	// ReviewManual leaves entities IN_REVIEW until POST /_emulator/reviews/{kind}/{id} decides.
	ReviewManual = "manual"
)

// Anonymous-key verify answers: the guide shows the string "true", the OAS the boolean true
// (reference §7.1, §13.3); clients are written both ways, so the emulator can answer either.
const (
	AnonVerifyString  = "string"
	AnonVerifyBoolean = "boolean"
)

// Defaults that mirror the published limits (reference §1.5, §4.2).
const (
	DefaultRateLimitPerMinute = 3000
	DefaultUserLimitPerMinute = 10
	DefaultIAPProductCap      = 30
)

// Config shapes one emulator. The zero value is usable: zero fields take the defaults noted on
// each field, except RateLimitPerMinute where 0 switches the per-app limit off (as the
// --rate-limit-per-minute flag does); use DefaultConfig for the documented 3,000 QPM.
type Config struct {
	// ReviewDelay is how long a submitted catalog entity stays IN_REVIEW before ReviewApprove
	// approves it. Decisions are taken lazily against Now, so tests move a clock instead of
	// sleeping.
	ReviewDelay time.Duration
	// ReviewMode is ReviewApprove (default) or ReviewManual.
	ReviewMode string
	// RateLimitPerMinute is the per-app token bucket (rate limit/60 per second, burst
	// max(1, limit/60)). 0 switches it off.
	RateLimitPerMinute int
	// UserLimitPerMinute is the per-user limit on promotion and messenger calls (documented: 10).
	// 0 means the documented 10; a negative value switches it off.
	UserLimitPerMinute int
	// IAPProductCap is the number of IAP products an app may register (0 = 30, the console's cap
	// for non-game apps).
	IAPProductCap int
	// PromotionSettleDelay is how long a grant stays PENDING in execution-result before it is
	// SUCCESS (0 = settled at once). The docs only say "약간의 지연".
	PromotionSettleDelay time.Duration
	// UnlinkCallback is where POST /_emulator/users/{userKey}/unlink tells the partner that a
	// user disconnected (reference §2.7). Zero: no callback is sent.
	UnlinkCallback UnlinkCallback
	// SubscriptionWebhook is the partner's 결제 알림 URL for subscription events (reference
	// §4.5). Zero: no webhook is sent.
	SubscriptionWebhook SubscriptionWebhook
	// WebhookTimeout bounds each delivery of a callback or webhook (0 = 10 s).
	WebhookTimeout time.Duration
	// AnonVerifyResult is the success payload of users/anon-key/verify: AnonVerifyString (the
	// default, the guide's "true") or AnonVerifyBoolean (the OAS's true).
	AnonVerifyResult string
	// StatePath, when set, is loaded at New (if the file exists) and written at Shutdown.
	StatePath string
	// Seed preloads users, payments and IAP orders; ignored when state was loaded from StatePath.
	Seed *Seed
	// Logger receives one line per request and nothing secret. nil discards.
	Logger *slog.Logger
	// Now is the emulator's clock for every lifetime, expiry, review delay and rate limit.
	// nil means time.Now.
	Now func() time.Time
	// ConsoleTokenLifetime is how long an access token of the console gateway (StartConsole)
	// lives, measured on Now (0 = 1 hour); refresh tokens live 14 days.
	ConsoleTokenLifetime time.Duration
	// ConsoleTools, for tests only, replaces api/console-tools.json as what the console gateway
	// lists and checks arguments against: a document of the same form whose tools are some of
	// the ones the emulator implements, with other schemas. Clients can then be shown a gateway
	// that differs from what they know. Empty: api/console-tools.json.
	ConsoleTools []byte
}

// DefaultConfig is what `appsintoss-emulator serve` runs with when no flag is given.
func DefaultConfig() Config {
	return Config{
		ReviewMode:         ReviewApprove,
		RateLimitPerMinute: DefaultRateLimitPerMinute,
		UserLimitPerMinute: DefaultUserLimitPerMinute,
		IAPProductCap:      DefaultIAPProductCap,
	}
}

// validate refuses settings the emulator cannot run with, naming the setting.
func (c Config) validate() error {
	if c.ReviewMode != ReviewApprove && c.ReviewMode != ReviewManual {
		return fmt.Errorf("review mode %q: want %q or %q", c.ReviewMode, ReviewApprove, ReviewManual)
	}
	if c.AnonVerifyResult != AnonVerifyString && c.AnonVerifyResult != AnonVerifyBoolean {
		return fmt.Errorf("anonymous-key verify result %q: want %q or %q", c.AnonVerifyResult, AnonVerifyString, AnonVerifyBoolean)
	}
	if err := c.UnlinkCallback.validate(); err != nil {
		return fmt.Errorf("unlink callback: %w", err)
	}
	if err := checkWebhookURL(c.SubscriptionWebhook.URL); err != nil {
		return fmt.Errorf("subscription webhook: %w", err)
	}
	return nil
}

// withDefaults fills the zero fields that have a non-zero meaning.
func (c Config) withDefaults() Config {
	if c.ReviewMode == "" {
		c.ReviewMode = ReviewApprove
	}
	if c.AnonVerifyResult == "" {
		c.AnonVerifyResult = AnonVerifyString
	}
	if c.UnlinkCallback.URL != "" && c.UnlinkCallback.Method == "" {
		c.UnlinkCallback.Method = http.MethodPost
	}
	if c.WebhookTimeout <= 0 {
		c.WebhookTimeout = defaultWebhookTimeout
	}
	if c.UserLimitPerMinute == 0 {
		c.UserLimitPerMinute = DefaultUserLimitPerMinute
	}
	if c.IAPProductCap <= 0 {
		c.IAPProductCap = DefaultIAPProductCap
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.ConsoleTokenLifetime <= 0 {
		c.ConsoleTokenLifetime = defaultConsoleTokenLifetime
	}
	return c
}
