package client

import (
	"fmt"
	"net/http"
)

// RefuseRedirects is the CheckRedirect of every HTTP client the provider makes. Apps in Toss
// never redirects, and following a redirect would hand the request's credentials — refresh
// tokens in the body, the Bearer access token, x-toss-user-key — to whatever host the Location
// names, even over plain http. Go calls it before anything is sent to the new location, so
// refusing here means the target never sees a byte. The refusal is final: Do does not retry it.
func RefuseRedirects(req *http.Request, via []*http.Request) error {
	redirect := &RedirectError{Location: req.URL.Host}
	if req.Response != nil {
		redirect.HTTPStatus = req.Response.StatusCode
	}
	if len(via) > 0 {
		redirect.Method, redirect.Path = via[0].Method, via[0].URL.Path
	}
	return redirect
}

// RedirectError is an answer that tried to send the client elsewhere (HTTP 3xx with a Location).
// It names the host but not the full Location, whose query could carry anything.
type RedirectError struct {
	Method     string
	Path       string
	HTTPStatus int
	Location   string // the host the redirect pointed at
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("%s %s: the server answered HTTP %d, redirecting to %s. Apps in Toss never redirects, so the "+
		"provider did not follow it and sent nothing there (the request carries credentials). Check endpoint and "+
		"pay_endpoint: they must point at Apps in Toss itself (or the emulator, or a gateway that does not redirect).",
		e.Method, e.Path, e.HTTPStatus, e.Location)
}
