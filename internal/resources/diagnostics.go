package resources

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

// Turning client errors into diagnostics. Every resource, data source and ephemeral resource
// reports a failed API call through addClientError: the summary says what failed (written by the
// caller), the detail says what happened, what to do next, and quotes the API's errorCode and
// reason. An INVALID_PARAMETER whose error.data.field names a configured attribute becomes an
// attribute error at that attribute.

// apiFields maps the API's JSON field names (error.data.field) to attribute paths. A field that
// is not in the map is reported on the resource as a whole.
type apiFields map[string]path.Path

// addClientError adds one error diagnostic for err. summary says what failed, e.g.
// "Could not create the push template".
func addClientError(diags *diag.Diagnostics, summary string, err error, fields apiFields) {
	detail := clientErrorDetail(err)
	if client.HasCode(err, client.CodeInvalidParameter) {
		if p, ok := fieldPath(fields, blamedField(err)); ok {
			diags.AddAttributeError(p, summary, detail)
			return
		}
	}
	diags.AddError(summary, detail)
}

// blamedField is the request field an API answer or a gateway refusal blamed, if any.
func blamedField(err error) string {
	var (
		apiErr  *client.APIError
		refusal client.Refusal
	)
	switch {
	case errors.As(err, &apiErr):
		return apiErr.Field()
	case errors.As(err, &refusal):
		return refusal.Field()
	}
	return ""
}

// fieldPath finds the attribute for an API field name, also for nested names such as
// "discountPolicies[0].durationMonths" (matched on their top-level name).
func fieldPath(fields apiFields, field string) (path.Path, bool) {
	if field == "" || fields == nil {
		return path.Empty(), false
	}
	if p, ok := fields[field]; ok {
		return p, true
	}
	top := field
	if i := strings.IndexAny(top, ".["); i > 0 {
		top = top[:i]
	}
	p, ok := fields[top]
	return p, ok
}

// clientErrorDetail explains err for a person: what the server said (errorCode and reason
// quoted), and what to do about it.
func clientErrorDetail(err error) string {
	var (
		apiErr     *client.APIError
		unknown    *client.OutcomeUnknownError
		tlsErr     *client.TLSError
		unexpected *client.UnexpectedResponseError
		invalidID  *client.InvalidIDError
	)
	var refusal client.Refusal
	switch {
	case errors.As(err, &apiErr):
		return apiErrorDetail(apiErr)
	case errors.As(err, &refusal):
		return refusal.Error() + ".\n\n" + adviceFor(refusal.Code(), 0)
	case errors.As(err, &unknown):
		return fmt.Sprintf("The request was sent, but no answer arrived after %d attempts (%v). "+
			"Apps in Toss may or may not have applied it. Run `terraform plan` to see the object's real state "+
			"before applying again.", unknown.Attempts, unknown.Err)
	case errors.As(err, &tlsErr):
		return fmt.Sprintf("The TLS connection to Apps in Toss failed: %v\n\nCheck the provider's client certificate, "+
			"key and CA settings.", tlsErr)
	case errors.As(err, &unexpected):
		return fmt.Sprintf("%v\n\nThe answer is not the Apps in Toss response envelope. Check that `endpoint` points "+
			"at the Apps in Toss partner API (or an emulator or gateway that serves the catalog contract).", unexpected)
	case errors.As(err, &invalidID):
		return fmt.Sprintf("%v\n\nCheck the id given to `terraform import`.", invalidID)
	default:
		return err.Error()
	}
}

// apiAnswer quotes what Apps in Toss said: errorCode, HTTP status, endpoint, reason and the
// field it blamed. Every error detail that involves an API answer starts with it.
func apiAnswer(e *client.APIError) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Apps in Toss answered errorCode %s (HTTP %d) to %s %s", orNone(e.ErrorCode), e.HTTPStatus, e.Method, e.Path)
	if e.Reason != "" {
		fmt.Fprintf(&b, ", reason: %q", e.Reason)
	}
	if f := e.Field(); f != "" {
		fmt.Fprintf(&b, ", field: %s", f)
	}
	return b.String()
}

// apiAnswerDetail is the last paragraph of a data source's error detail: the API's answer
// quoted when there is one, the client's explanation otherwise. Unlike clientErrorDetail it gives
// no catalog-specific advice.
func apiAnswerDetail(err error) string {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		return apiAnswer(apiErr) + "."
	}
	return clientErrorDetail(err)
}

func apiErrorDetail(e *client.APIError) string {
	return apiAnswer(e) + ".\n\n" + adviceFor(e.ErrorCode, e.HTTPStatus)
}

// adviceFor says what to do about a refusal with this errorCode (and HTTP status, 0 when the road
// has none), whichever road to Apps in Toss answered.
func adviceFor(code string, httpStatus int) string {
	switch code {
	case client.CodeInvalidParameter:
		return "The API refused a value. Correct it in the configuration and apply again."
	case client.CodeNotFound:
		return "The object does not exist (any more). Run `terraform plan` again: the refresh removes it " +
			"from state and the plan creates it anew."
	case client.CodeConflict:
		return "The request conflicts with the object's current state in Apps in Toss. Run `terraform plan` " +
			"to see that state, then adjust the configuration."
	case client.CodeIdempotencyKeyReused:
		return "Apps in Toss saw one idempotency key with two different requests. This is a bug in the " +
			"provider; please report it with this message."
	case client.CodeRateLimited:
		return "Apps in Toss kept refusing requests for exceeding its rate limit, even after retries. " +
			"Apply again later, or lower the provider's `rate_limit_per_minute` or Terraform's -parallelism."
	case client.CodeInternalError:
		return "Apps in Toss reported an internal error, even after retries (`max_retries`). Apply again later."
	}
	if httpStatus >= 500 || httpStatus == 429 {
		return "The failure persisted after retries (`max_retries`). Apply again later."
	}
	return "Correct what the reason describes and apply again."
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
