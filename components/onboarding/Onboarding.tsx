export function Onboarding() {
  return <main><h1>Onboarding</h1></main>;
}
