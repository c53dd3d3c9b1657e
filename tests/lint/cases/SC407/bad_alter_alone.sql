-- linted on its own: a function created outside these migrations loses its pinned path
ALTER FUNCTION public.app_current_tenant_id() RESET search_path; -- expect: SC407
ALTER FUNCTION public.helper(integer) SET search_path = public; -- expect: SC407
