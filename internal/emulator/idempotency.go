package emulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"
)

// Idempotency keys of the catalog contract: the same key with the same request replays the first
// answer (status and body); with a different request it is 409 IDEMPOTENCY_KEY_REUSED. Keys are
// kept 24 hours per app.
const (
	headerIdempotencyKey   = "Idempotency-Key"
	headerIdempotentReplay = "Idempotent-Replayed"
	idempotencyTTL         = 24 * time.Hour
	maxIdempotencyKeyLen   = 255
)

type idempotencyRecord struct {
	Fingerprint string    `json:"fingerprint"`
	Status      int       `json:"status"`
	Body        []byte    `json:"body"`
	ExpiresAt   time.Time `json:"expiresAt"`
}

// idempotent wraps a catalog mutation. Answers that say "try again" (5xx, 429) are not recorded,
// so a retry runs the operation; everything else, errors included, is replayed.
func (e *Emulator) idempotent(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get(headerIdempotencyKey)
		if key == "" {
			next(w, r)
			return
		}
		c := callFrom(r)
		if len(key) > maxIdempotencyKeyLen {
			writeFail(w, invalidParameter(headerIdempotencyKey, "Idempotency-Key는 255자 이내여야 해요."))
			return
		}
		fingerprint := requestFingerprint(r, c.body)

		e.idempotencyMu.Lock()
		defer e.idempotencyMu.Unlock()

		if rec := e.idempotencyRecord(c, key); rec != nil {
			if rec.Fingerprint != fingerprint {
				writeFail(w, &apiError{HTTPStatus: http.StatusConflict, Code: codeIdempotencyKeyReused,
					Reason: "이 Idempotency-Key는 다른 요청에 이미 쓰였어요. 작업마다 새 키를 써 주세요."})
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set(headerIdempotentReplay, "true")
			w.WriteHeader(rec.Status)
			_, _ = w.Write(rec.Body)
			return
		}
		buf := newBufferedResponse()
		next(buf, r)
		if buf.status < http.StatusInternalServerError && buf.status != http.StatusTooManyRequests {
			e.mu.Lock()
			e.st.app(c.app).Idempotency[key] = &idempotencyRecord{Fingerprint: fingerprint, Status: buf.status,
				Body: bytes.Clone(buf.body.Bytes()), ExpiresAt: c.now.Add(idempotencyTTL)}
			e.mu.Unlock()
		}
		buf.copyTo(w)
	}
}

func (e *Emulator) idempotencyRecord(c *call, key string) *idempotencyRecord {
	e.mu.Lock()
	defer e.mu.Unlock()
	rec, ok := e.st.app(c.app).Idempotency[key]
	if !ok || !c.now.Before(rec.ExpiresAt) {
		return nil
	}
	return rec
}

// requestFingerprint identifies "the same request": method, path and the body as JSON value (so
// whitespace and key order do not matter), or the raw bytes when the body is not JSON.
func requestFingerprint(r *http.Request, body []byte) string {
	h := sha256.New()
	h.Write([]byte(r.Method + " " + r.URL.Path + "\n"))
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // keep large integers exact
	if dec.Decode(&v) == nil && !dec.More() {
		canonical, _ := json.Marshal(v)
		h.Write(canonical)
	} else {
		h.Write(body)
	}
	return hex.EncodeToString(h.Sum(nil))
}
