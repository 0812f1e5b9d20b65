package emulator

import (
	"fmt"
	"regexp"
	"strings"
)

// Bulk sends take 1..2,500 recipients per request (reference §5.4).
const maxBulkRecipients = 2500

// channelItem is one entry of detail.* or fail.*. The current docs spell the failure field
// reachedFailReason (the older page: reachFailReason).
type channelItem struct {
	ContentID         string `json:"contentId,omitempty"`
	ReachedFailReason string `json:"reachedFailReason,omitempty"`
}

type channels struct {
	SentPush       []channelItem `json:"sentPush"`
	SentInbox      []channelItem `json:"sentInbox"`
	SentSms        []channelItem `json:"sentSms"`
	SentAlimtalk   []channelItem `json:"sentAlimtalk"`
	SentFriendtalk []channelItem `json:"sentFriendtalk"`
}

func emptyChannels() channels {
	return channels{SentPush: []channelItem{}, SentInbox: []channelItem{}, SentSms: []channelItem{},
		SentAlimtalk: []channelItem{}, SentFriendtalk: []channelItem{}}
}

// sendResult is the success of all three send calls (reference §5.5). The emulator delivers by
// push only; msgCount is the number of recipients asked for.
type sendResult struct {
	MsgCount            int      `json:"msgCount"`
	SentPushCount       int      `json:"sentPushCount"`
	SentInboxCount      int      `json:"sentInboxCount"`
	SentSmsCount        int      `json:"sentSmsCount"`
	SentAlimtalkCount   int      `json:"sentAlimtalkCount"`
	SentFriendtalkCount int      `json:"sentFriendtalkCount"`
	Detail              channels `json:"detail"`
	Fail                channels `json:"fail"`
}

func newSendResult() *sendResult {
	return &sendResult{Detail: emptyChannels(), Fail: emptyChannels()}
}

func (s *sendResult) delivered() {
	s.MsgCount++
	s.SentPushCount++
	s.Detail.SentPush = append(s.Detail.SentPush, channelItem{ContentID: newContentID()})
}

func (s *sendResult) failed(reason string) {
	s.MsgCount++
	s.Fail.SentPush = append(s.Fail.SentPush, channelItem{ContentID: newContentID(), ReachedFailReason: reason})
}

func newContentID() string { return "MSG_" + strings.ToUpper(randomHex(8)) }

// Reasons in fail.sentPush[].reachedFailReason; the docs give no catalogue, these are the
// emulator's.
const (
	failNotAgreed   = "NOT_AGREED"
	failUnknownUser = "USER_NOT_FOUND"
)

// sendableTemplate finds an approved template of the app. An unknown code is bad request data
// (400); a template whose copy is not approved may not be sent, not even as a test (403,
// "메시지를 전송할 권한이 없어요").
func (a *appState) sendableTemplate(code *string) (*pushTemplate, error) {
	if code == nil || *code == "" {
		return nil, invalidParameter("templateSetCode", "templateSetCode가 필요해요.")
	}
	t, ok := a.PushTemplates[*code]
	if !ok {
		return nil, invalidParameter("templateSetCode", fmt.Sprintf("템플릿 %s을(를) 찾을 수 없어요.", *code))
	}
	if t.Review.Status != reviewApproved {
		return nil, &apiError{HTTPStatus: 403, Code: codeForbidden,
			Reason: fmt.Sprintf("메시지를 전송할 권한이 없어요: 템플릿 검수 상태가 %s예요.", t.Review.Status)}
	}
	return t, nil
}

type singleSendRequest struct {
	TemplateSetCode *string        `json:"templateSetCode"`
	DeploymentID    *string        `json:"deploymentId"`
	Context         map[string]any `json:"context"`
}

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// sendMessage sends one message to the user of x-toss-user-key (10 per minute per user).
func (e *Emulator) sendMessage(c *call) (any, error) { return e.sendSingle(c, false) }

// sendTestMessage is send-message for a bundle under test: it also needs the deploymentId (a
// UUID) of an uploaded bundle. It shares the per-user messenger budget.
func (e *Emulator) sendTestMessage(c *call) (any, error) { return e.sendSingle(c, true) }

func (e *Emulator) sendSingle(c *call, test bool) (any, error) {
	var req singleSendRequest
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	if test && (req.DeploymentID == nil || !uuidPattern.MatchString(*req.DeploymentID)) {
		return nil, invalidParameter("deploymentId", "deploymentId(번들 UUID)가 필요해요.")
	}
	if req.Context == nil {
		return nil, invalidParameter("context", "context(템플릿 변수 객체)가 필요해요.")
	}
	e.mu.Lock()
	u, err := e.st.app(c.app).userFromHeaders(c.r, true, unknownUser401)
	e.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if err := e.checkUserLimit(c, familyMessenger, u.UserKey); err != nil {
		return nil, err
	}
	return e.withApp(c, func(a *appState) (any, error) {
		t, err := a.sendableTemplate(req.TemplateSetCode)
		if err != nil {
			return nil, err
		}
		if t.AgreementRequired && !u.NotificationAgreed {
			return nil, &apiError{HTTPStatus: 403, Code: codeForbidden,
				Reason: "메시지를 전송할 권한이 없어요: 사용자가 알림 수신에 동의하지 않았어요."}
		}
		res := newSendResult()
		res.delivered()
		return res, nil
	})
}

// sendBulkMessage sends one template to 1..2,500 users. Users the app does not know, or who did
// not agree to a template that needs agreement, land in fail.sentPush; the call still succeeds.
func (e *Emulator) sendBulkMessage(c *call) (any, error) {
	var req struct {
		TemplateSetCode *string `json:"templateSetCode"`
		ContextList     []struct {
			UserKey *int64         `json:"userKey"`
			AnonKey *string        `json:"anonKey"`
			Context map[string]any `json:"context"`
		} `json:"contextList"`
	}
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	if len(req.ContextList) < 1 || len(req.ContextList) > maxBulkRecipients {
		return nil, invalidParameter("contextList", "contextList는 1개 이상 2,500개 이하여야 해요.")
	}
	for i, entry := range req.ContextList {
		if (entry.UserKey == nil || *entry.UserKey <= 0) && deref(entry.AnonKey) == "" {
			return nil, invalidParameter(fmt.Sprintf("contextList[%d].userKey", i), "userKey가 필요해요.")
		}
		if entry.Context == nil {
			return nil, invalidParameter(fmt.Sprintf("contextList[%d].context", i), "context가 필요해요.")
		}
	}
	return e.withApp(c, func(a *appState) (any, error) {
		t, err := a.sendableTemplate(req.TemplateSetCode)
		if err != nil {
			return nil, err
		}
		res := newSendResult()
		for _, entry := range req.ContextList {
			u := a.Users[deref(entry.UserKey)]
			if u == nil && deref(entry.AnonKey) != "" {
				u = a.userByAnonKey(*entry.AnonKey)
			}
			switch {
			case u == nil:
				res.failed(failUnknownUser)
			case t.AgreementRequired && !u.NotificationAgreed:
				res.failed(failNotAgreed)
			default:
				res.delivered()
			}
		}
		return res, nil
	})
}

func (a *appState) userByAnonKey(anon string) *user {
	for _, u := range a.Users {
		if u.AnonKey == anon {
			return u
		}
	}
	return nil
}
