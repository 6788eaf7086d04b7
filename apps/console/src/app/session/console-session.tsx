import type { AuthSchemas } from '@session-mesh/api-client';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError } from '../api/api-error';
import { api, type FetchResult, type Outcome, send } from '../api/send';
import { ReauthenticateDialog } from './reauthenticate-dialog';

export type Me = AuthSchemas['MeResponse'];

interface ConsoleSession {
  // undefined while the first who-am-I is on its way; null when signed out.
  me: Me | null | undefined;
  // Why the first who-am-I failed (the service unavailable), if it did.
  meError: ApiError | undefined;
  // Shown on the sign-in page: why the person was signed out.
  notice: string | undefined;
  // The password was right and the login waits for its second factor (aal 0).
  secondFactorPending: boolean;
  refreshMe(): Promise<void>;
  signedIn(me: Me): void;
  awaitSecondFactor(): void;
  signedOut(notice?: string): void;
  // Every API call of a signed-in page goes through here: a step-up refusal
  // asks for the password or a code and retries once, an ended session goes
  // to the sign-in page, a 403 re-reads who-am-I (roles may have changed).
  call<T>(request: () => Promise<FetchResult<T>>): Promise<Outcome<T>>;
}

const SessionContext = createContext<ConsoleSession | undefined>(undefined);

export function useConsoleSession(): ConsoleSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useConsoleSession needs <ConsoleSessionProvider>');
  return session;
}

// The signed-in user of pages that render only when signed in.
export function useMe(): Me {
  const { me } = useConsoleSession();
  if (!me) throw new Error('useMe on a page shown while signed out');
  return me;
}

const SESSION_ENDED = 'Your session has ended. Sign in again.';

export function ConsoleSessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [meError, setMeError] = useState<ApiError | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [secondFactorPending, setSecondFactorPending] = useState(false);
  // The open re-authentication dialog: whether only a code will do, and its
  // answer (true once re-authenticated).
  const [reauth, setReauth] = useState<{ needsCode: boolean; resolve: (done: boolean) => void } | undefined>(undefined);
  const signedInRef = useRef(false);
  signedInRef.current = Boolean(me);

  const refreshMe = useCallback(async () => {
    const outcome = await send(() => api.auth.GET('/auth/me'));
    if (outcome.ok) {
      setMe(outcome.data);
      setMeError(undefined);
    } else if (outcome.error.code === 'second_factor_required' && !signedInRef.current) {
      // A reload between the password and the code: the second step again.
      setSecondFactorPending(true);
      setMe(null);
    } else if (outcome.error.status === 401) {
      if (signedInRef.current) setNotice(SESSION_ENDED);
      setMe(null);
    } else {
      setMeError(outcome.error);
    }
  }, []);

  const signedIn = useCallback((next: Me) => {
    setNotice(undefined);
    setSecondFactorPending(false);
    setMe(next);
  }, []);

  const awaitSecondFactor = useCallback(() => setSecondFactorPending(true), []);

  const signedOut = useCallback((why?: string) => {
    setNotice(why);
    setSecondFactorPending(false);
    setMe(null);
  }, []);

  const stepUp = useCallback(
    (needsCode: boolean) => new Promise<boolean>((resolve) => setReauth({ needsCode, resolve })),
    [],
  );

  const call = useCallback(
    async <T,>(request: () => Promise<FetchResult<T>>): Promise<Outcome<T>> => {
      let outcome = await send(request);
      // Too old a sign-in: the password or a code. Too low an assurance (a
      // session at aal 1 where aal 2 is needed): only a code raises it.
      const refusal = outcome.ok ? undefined : outcome.error.code;
      if (
        (refusal === 'reauthentication_required' || refusal === 'second_factor_required') &&
        (await stepUp(refusal === 'second_factor_required'))
      ) {
        outcome = await send(request);
      }
      if (outcome.ok) return outcome;
      if (outcome.error.code === 'session_missing' || outcome.error.code === 'session_invalid') {
        signedOut(SESSION_ENDED);
      } else if (outcome.error.status === 403) {
        void refreshMe();
      }
      return outcome;
    },
    [stepUp, refreshMe, signedOut],
  );

  useEffect(() => {
    void refreshMe();
    // Roles change while a page is open: read them again when the person comes back to it.
    const onFocus = () => {
      if (signedInRef.current) void refreshMe();
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') onFocus();
    };
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refreshMe]);

  const value = useMemo(
    () => ({ me, meError, notice, secondFactorPending, refreshMe, signedIn, awaitSecondFactor, signedOut, call }),
    [me, meError, notice, secondFactorPending, refreshMe, signedIn, awaitSecondFactor, signedOut, call],
  );
  return (
    <SessionContext.Provider value={value}>
      {children}
      {reauth && (
        <ReauthenticateDialog
          needsCode={reauth.needsCode}
          onDone={(done, refreshed) => {
            if (refreshed) setMe(refreshed);
            setReauth(undefined);
            reauth.resolve(done);
          }}
        />
      )}
    </SessionContext.Provider>
  );
}
