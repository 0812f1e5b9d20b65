package emulator

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// Kinds of outgoing callbacks, as counted in Stats.Webhooks.
const (
	WebhookUnlink       = "unlinkCallback"
	WebhookSubscription = "subscriptionWebhook"
)

const defaultWebhookTimeout = 10 * time.Second

// Delivery is how one callback to the partner went; admin answers that send one carry it.
type Delivery struct {
	// Attempted is false when no URL is configured for this kind of callback.
	Attempted bool `json:"attempted"`
	// Delivered is true when the partner answered with a 2xx status.
	Delivered bool `json:"delivered"`
	// Status is the partner's HTTP status (0 when none came back).
	Status int `json:"status,omitempty"`
	// Error says why the callback was not delivered.
	Error string `json:"error,omitempty"`
}

// webhookSender sends callbacks to the partner's server the way Toss does: one attempt (the docs
// document no retry policy, reference §2.7, §4.5), Basic auth when configured, bounded by a
// timeout, never following a redirect. Failures are counted and logged, never fatal.
type webhookSender struct {
	client *http.Client
	logger *slog.Logger
	stats  *statsCounter
}

func newWebhookSender(timeout time.Duration, logger *slog.Logger, stats *statsCounter) *webhookSender {
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConns:          4,
		IdleConnTimeout:       30 * time.Second,
	}
	return &webhookSender{
		client: &http.Client{
			Transport: transport,
			Timeout:   timeout,
			// Toss is not documented to follow redirects, and no client in this project does: a
			// 3xx is the partner's answer, and a failed delivery.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		logger: logger,
		stats:  stats,
	}
}

func (s *webhookSender) close() { s.client.CloseIdleConnections() }

// outgoing is one callback to send.
type outgoing struct {
	kind     string
	method   string
	endpoint string
	// basicAuth is the raw value entered in the console; it travels as Basic base64(value).
	basicAuth string
	// body is JSON for POST; query is merged into the URL for GET.
	body  any
	query url.Values
}

// send delivers o and records the outcome. An empty endpoint means the partner configured none.
func (s *webhookSender) send(ctx context.Context, o outgoing) Delivery {
	if o.endpoint == "" {
		return Delivery{Error: "no URL is configured for the " + o.kind}
	}
	d := Delivery{Attempted: true}
	status, err := s.do(ctx, o)
	d.Status = status
	switch {
	case err != nil:
		d.Error = err.Error()
	case status < 200 || status > 299:
		d.Error = fmt.Sprintf("the partner answered HTTP %d; a callback is delivered by a 2xx answer", status)
	default:
		d.Delivered = true
	}
	s.stats.countWebhook(o.kind, d.Delivered)
	if !d.Delivered {
		// The host only: a callback URL may carry a token in its path or query.
		s.logger.Warn("callback not delivered", "kind", o.kind, "host", hostOf(o.endpoint), "status", d.Status, "error", d.Error)
	}
	return d
}

func (s *webhookSender) do(ctx context.Context, o outgoing) (int, error) {
	target, err := url.Parse(o.endpoint)
	if err != nil {
		return 0, errors.New("the callback URL does not parse")
	}
	var body io.Reader
	if o.method == http.MethodGet {
		q := target.Query()
		for k, v := range o.query {
			q[k] = v
		}
		target.RawQuery = q.Encode()
	} else {
		data, err := json.Marshal(o.body)
		if err != nil {
			return 0, fmt.Errorf("encoding the callback body: %w", err)
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, o.method, target.String(), body)
	if err != nil {
		return 0, errors.New("building the callback request failed")
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if o.basicAuth != "" {
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(o.basicAuth)))
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, describeDeliveryError(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
	return resp.StatusCode, nil
}

// describeDeliveryError keeps the cause of a failed delivery without the URL, which may carry a
// token.
func describeDeliveryError(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		if urlErr.Timeout() {
			return errors.New("the partner did not answer in time")
		}
		return fmt.Errorf("the request failed: %w", urlErr.Err)
	}
	return err
}

func hostOf(endpoint string) string {
	if u, err := url.Parse(endpoint); err == nil {
		return u.Host
	}
	return ""
}

// checkWebhookURL accepts an empty URL (none configured) or an absolute http(s) URL. The URL is
// not quoted back: it may carry a token.
func checkWebhookURL(endpoint string) error {
	if endpoint == "" {
		return nil
	}
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("the URL must be an absolute http or https URL")
	}
	return nil
}
