package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// state is everything the emulator remembers, per app. It is JSON so --state can persist it.
// Guarded by Emulator.mu.
type state struct {
	Apps map[string]*appState `json:"apps"`
	// IAPOrders are global, not per app: get-order-status must tell NOT_FOUND (no such order)
	// from MINIAPP_MISMATCH (another app's order).
	IAPOrders map[string]*iapOrder `json:"iapOrders"`
	// GeneratedSecrets are login secrets of apps that connected with a CA-signed certificate but
	// are not in login-secrets.json.
	GeneratedSecrets map[string]LoginSecret `json:"generatedSecrets"`
	// Seq orders catalog entities by creation, for stable list pages.
	Seq int64 `json:"seq"`

	lastSweep time.Time
}

type appState struct {
	Users         map[int64]*user               `json:"users"`
	AuthCodes     map[string]*authCode          `json:"authCodes"`
	AccessTokens  map[string]*token             `json:"accessTokens"`
	RefreshTokens map[string]*token             `json:"refreshTokens"`
	Payments      map[string]*payment           `json:"payments"` // by orderNo
	PushTemplates map[string]*pushTemplate      `json:"pushTemplates"`
	Promotions    map[string]*promotion         `json:"promotions"`
	PromotionKeys map[string]*promotionKey      `json:"promotionKeys"`
	Grants        map[string]*grant             `json:"grants"` // by key
	DailyGranted  map[string]*dailyGrant        `json:"dailyGranted"`
	IAPProducts   map[string]*iapProduct        `json:"iapProducts"`
	NextProductID int64                         `json:"nextProductId"`
	Idempotency   map[string]*idempotencyRecord `json:"idempotency"`
	PayHolds      PayHolds                      `json:"payHolds"`
}

func newState() *state {
	return &state{Apps: map[string]*appState{}, IAPOrders: map[string]*iapOrder{},
		GeneratedSecrets: map[string]LoginSecret{}}
}

// app returns the state of one app, creating it on first sight: any CN the CA signed is an app.
func (s *state) app(name string) *appState {
	a, ok := s.Apps[name]
	if !ok {
		a = &appState{}
		s.Apps[name] = a
	}
	a.ensureMaps()
	return a
}

func (a *appState) ensureMaps() {
	if a.Users == nil {
		a.Users = map[int64]*user{}
	}
	if a.AuthCodes == nil {
		a.AuthCodes = map[string]*authCode{}
	}
	if a.AccessTokens == nil {
		a.AccessTokens = map[string]*token{}
	}
	if a.RefreshTokens == nil {
		a.RefreshTokens = map[string]*token{}
	}
	if a.Payments == nil {
		a.Payments = map[string]*payment{}
	}
	if a.PushTemplates == nil {
		a.PushTemplates = map[string]*pushTemplate{}
	}
	if a.Promotions == nil {
		a.Promotions = map[string]*promotion{}
	}
	if a.PromotionKeys == nil {
		a.PromotionKeys = map[string]*promotionKey{}
	}
	if a.Grants == nil {
		a.Grants = map[string]*grant{}
	}
	if a.DailyGranted == nil {
		a.DailyGranted = map[string]*dailyGrant{}
	}
	if a.IAPProducts == nil {
		a.IAPProducts = map[string]*iapProduct{}
	}
	if a.Idempotency == nil {
		a.Idempotency = map[string]*idempotencyRecord{}
	}
}

func (s *state) nextSeq() int64 {
	s.Seq++
	return s.Seq
}

// withApp runs fn with the lock held and the calling app's state at hand, after taking the review
// decisions that fell due (so every answer reflects the clock).
func (e *Emulator) withApp(c *call, fn func(a *appState) (any, error)) (any, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.st.app(c.app)
	e.settleReviews(a, c.now)
	return fn(a)
}

// sweepInterval bounds how often expired entries are evicted; between sweeps lookups still
// check expiry themselves, so a late sweep only costs memory, never correctness.
const sweepInterval = time.Minute

// sweepIfDue evicts expired authorization codes, tokens, promotion keys, old grants, old daily
// totals and idempotency records, so memory stays bounded however long the emulator runs.
func (e *Emulator) sweepIfDue(now time.Time) {
	e.mu.Lock()
	if now.Sub(e.st.lastSweep) < sweepInterval && !now.Before(e.st.lastSweep) {
		e.mu.Unlock()
		return
	}
	e.st.lastSweep = now
	for _, a := range e.st.Apps {
		a.sweep(now)
	}
	e.mu.Unlock()
	e.limits.sweep(now)
}

func (a *appState) sweep(now time.Time) {
	for k, c := range a.AuthCodes {
		if !now.Before(c.ExpiresAt) {
			delete(a.AuthCodes, k)
		}
	}
	for _, tokens := range []map[string]*token{a.AccessTokens, a.RefreshTokens} {
		for k, t := range tokens {
			if t.expired(now) {
				delete(tokens, k)
			}
		}
	}
	for k, pk := range a.PromotionKeys {
		if !now.Before(pk.ExpiresAt) {
			delete(a.PromotionKeys, k)
		}
	}
	for k, g := range a.Grants {
		if now.Sub(g.ExecutedAt) > grantRetention {
			delete(a.Grants, k)
		}
	}
	for k, d := range a.DailyGranted {
		if now.Sub(d.Day) > 48*time.Hour {
			delete(a.DailyGranted, k)
		}
	}
	for k, rec := range a.Idempotency {
		if !now.Before(rec.ExpiresAt) {
			delete(a.Idempotency, k)
		}
	}
}

// loadState reads Config.StatePath; a missing file is not an error (first run).
func (e *Emulator) loadState() (bool, error) {
	if e.cfg.StatePath == "" {
		return false, nil
	}
	data, err := os.ReadFile(e.cfg.StatePath)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reading state: %w", err)
	}
	st := newState()
	if err := json.Unmarshal(data, st); err != nil {
		return false, fmt.Errorf("state file %s: %w", e.cfg.StatePath, err)
	}
	if st.Apps == nil {
		st.Apps = map[string]*appState{}
	}
	if st.IAPOrders == nil {
		st.IAPOrders = map[string]*iapOrder{}
	}
	if st.GeneratedSecrets == nil {
		st.GeneratedSecrets = map[string]LoginSecret{}
	}
	for _, a := range st.Apps {
		a.ensureMaps()
	}
	e.st = st
	return true, nil
}

// saveState writes the state atomically (temporary file, then rename) with mode 0600: it holds
// tokens and personal data.
func (e *Emulator) saveState() error {
	if e.cfg.StatePath == "" {
		return nil
	}
	e.mu.Lock()
	data, err := json.MarshalIndent(e.st, "", " ")
	e.mu.Unlock()
	if err != nil {
		return fmt.Errorf("encoding state: %w", err)
	}
	dir := filepath.Dir(e.cfg.StatePath)
	tmp, err := os.CreateTemp(dir, ".emulator-state-*")
	if err != nil {
		return fmt.Errorf("writing state: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("writing state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing state: %w", err)
	}
	if err := os.Rename(tmp.Name(), e.cfg.StatePath); err != nil {
		return fmt.Errorf("writing state: %w", err)
	}
	return nil
}
